import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { OcpiToken } from '../../services/roaming/ocpi/token-object.ts';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually, readTopic } from '../edge/support/edge-harness.ts';
import { tokenRecord } from '../projectors/support/charger-script.ts';
import { openRoamingWorld, startRoamingNode, type RoamingNode, type RoamingWorld } from './support/roaming-harness.ts';

/**
 * OCPI names a token by party, uid and type. Given the roaming admin API, the edge's token view and a
 * charger on one embedded bus, when tokens of one uid and different types (and tokens an older version
 * keyed without the type) are written, then each is read, replaced and deleted on its own.
 */

const card = { country_code: 'NL', party_id: 'SWY', contract_id: 'NL-SWY-C00000021-K', issuer: 'Switchyard Fleet', valid: true, whitelist: 'ALWAYS' };

/** The last value (null: a tombstone) of each record key on switchyard.tokens that starts with `prefix`. */
async function tokenKeys(world: RoamingWorld, prefix: string): Promise<Record<string, 'value' | 'tombstone'>> {
  const latest: Record<string, 'value' | 'tombstone'> = {};
  for (const record of await readTopic(world.bus, topics.tokens)) {
    if (record.key.startsWith(prefix)) latest[record.key] = record.value === null ? 'tombstone' : 'value';
  }
  return latest;
}

/** A token record as versions before the type was part of the key wrote it: key country_code/party_id/uid. */
async function appendLegacyToken(world: RoamingWorld, token: Partial<OcpiToken> & Pick<OcpiToken, 'uid'>): Promise<void> {
  const record = tokenRecord({ country_code: 'NL', party_id: 'SWY', ...token });
  await world.bus.append([{ topic: topics.tokens, key: `NL/SWY/${token.uid}`, value: await world.serde.encode(topics.tokens, record) }]);
}

describe('tokens named by uid and type', () => {
  let world: RoamingWorld;
  let node: RoamingNode;
  let charger: Charger;

  beforeAll(async () => {
    world = await openRoamingWorld();
    node = await startRoamingNode(world, { instanceId: 'token-types-1', unknownTokens: 'reject' });
    charger = await connectCharger({ baseUrl: node.wsUrl, identity: 'CP-TYPES', protocol: 'ocpp1.6' });
    await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Volt-1' });
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await node?.close();
    await world?.cleanup();
  });

  it('keeps a card and an app user with one uid apart; the type query parameter names one (RFID when left out)', async () => {
    expect(await node.admin('PUT', '/tokens/TAG-21', { ...card, type: 'RFID' })).toMatchObject({ status: 201, body: { uid: 'TAG-21', type: 'RFID' } });
    const app = await node.admin('PUT', '/tokens/TAG-21?type=APP_USER', { ...card, contract_id: 'NL-SWY-C00000021-A', whitelist: 'ALLOWED' });
    expect(app).toMatchObject({ status: 201, body: { uid: 'TAG-21', type: 'APP_USER', contract_id: 'NL-SWY-C00000021-A' } });

    expect(await node.admin('GET', '/tokens/TAG-21')).toMatchObject({ status: 200, body: { type: 'RFID', contract_id: 'NL-SWY-C00000021-K' } });
    expect(await node.admin('GET', '/tokens/TAG-21?type=APP_USER')).toEqual({ status: 200, body: app.body });
    expect(await node.admin('GET', '/tokens/TAG-21?type=OTHER')).toMatchObject({ status: 404, body: { error: { code: 'unknown_token', message: 'no token TAG-21 of type OTHER' } } });
    expect(await node.admin('GET', '/tokens/TAG-21?type=CARD')).toMatchObject({ status: 400, body: { error: { code: 'invalid_token_type' } } });
    expect(((await node.admin('GET', '/tokens')).body as OcpiToken[]).map(({ uid, type }) => `${uid} ${type}`)).toEqual(['TAG-21 APP_USER', 'TAG-21 RFID']);
    expect(await tokenKeys(world, 'NL/SWY/TAG-21')).toEqual({ 'NL/SWY/TAG-21/RFID': 'value', 'NL/SWY/TAG-21/APP_USER': 'value' });

    const contradiction = await node.admin('PUT', '/tokens/TAG-21?type=APP_USER', { ...card, type: 'RFID' });
    expect(contradiction).toMatchObject({ status: 400, body: { error: { message: 'type: the body says "RFID" but the query says "APP_USER"' } } });
    expect((await node.admin('PUT', '/tokens/TAG-21', { ...card, type: 'APP_USER' })).status).toBe(400);

    expect((await node.admin('PUT', '/tokens/TAG-21?type=APP_USER', { ...card, contract_id: 'NL-SWY-C00000021-A', valid: false })).status).toBe(200);
    expect(await node.admin('GET', '/tokens/TAG-21')).toMatchObject({ status: 200, body: { type: 'RFID', valid: true } });
    await eventually(async () => expect(await charger.call('Authorize', { idTag: 'TAG-21' })).toEqual({ idTagInfo: { status: 'Accepted' } }));

    expect(await node.admin('DELETE', '/tokens/TAG-21')).toEqual({ status: 204, body: null });
    expect(await node.admin('GET', '/tokens/TAG-21?type=APP_USER')).toMatchObject({ status: 200, body: { type: 'APP_USER', valid: false } });
    expect(await tokenKeys(world, 'NL/SWY/TAG-21')).toEqual({ 'NL/SWY/TAG-21/RFID': 'tombstone', 'NL/SWY/TAG-21/APP_USER': 'value' });
    await eventually(async () => expect(await charger.call('Authorize', { idTag: 'TAG-21' })).toEqual({ idTagInfo: { status: 'Blocked' } }));
  });

  it('reads tokens keyed without their type, and moves one to its own key (tombstoning the old) when it is next written', async () => {
    await appendLegacyToken(world, { uid: 'TAG-OLD' });
    await appendLegacyToken(world, { uid: 'TAG-OLD-APP', type: 'APP_USER' });
    await appendLegacyToken(world, { uid: 'TAG-OLD-GONE' });
    await eventually(async () => expect(await node.admin('GET', '/tokens/TAG-OLD')).toMatchObject({ status: 200, body: { uid: 'TAG-OLD', type: 'RFID' } }));
    await eventually(async () => expect(await charger.call('Authorize', { idTag: 'TAG-OLD' })).toEqual({ idTagInfo: { status: 'Accepted' } }));
    await eventually(async () => expect(await node.admin('GET', '/tokens/TAG-OLD-APP?type=APP_USER')).toMatchObject({ status: 200, body: { type: 'APP_USER' } }));
    expect((await node.admin('GET', '/tokens/TAG-OLD-APP')).status).toBe(404);

    expect((await node.admin('PUT', '/tokens/TAG-OLD', { ...card, type: 'RFID', valid: false })).status).toBe(200);
    expect(await tokenKeys(world, 'NL/SWY/TAG-OLD/')).toEqual({ 'NL/SWY/TAG-OLD/RFID': 'value' });
    expect(await tokenKeys(world, 'NL/SWY/TAG-OLD')).toMatchObject({ 'NL/SWY/TAG-OLD': 'tombstone' });
    expect(((await node.admin('GET', '/tokens')).body as OcpiToken[]).filter(({ uid }) => uid === 'TAG-OLD')).toMatchObject([{ valid: false }]);
    await eventually(async () => expect(await charger.call('Authorize', { idTag: 'TAG-OLD' })).toEqual({ idTagInfo: { status: 'Blocked' } }));

    await eventually(async () => expect((await node.admin('GET', '/tokens/TAG-OLD-GONE')).status).toBe(200));
    expect(await node.admin('DELETE', '/tokens/TAG-OLD-GONE')).toEqual({ status: 204, body: null });
    expect(await tokenKeys(world, 'NL/SWY/TAG-OLD-GONE')).toEqual({ 'NL/SWY/TAG-OLD-GONE': 'tombstone' });
    await eventually(async () => expect(await charger.call('Authorize', { idTag: 'TAG-OLD-GONE' })).toEqual({ idTagInfo: { status: 'Invalid' } }));

    const second = await startRoamingNode(world, { instanceId: 'token-types-2', unknownTokens: 'reject' });
    try {
      const tokens = ((await second.admin('GET', '/tokens')).body as OcpiToken[]).filter(({ uid }) => uid.startsWith('TAG-OLD'));
      expect(tokens.map(({ uid, type, valid }) => ({ uid, type, valid }))).toEqual([
        { uid: 'TAG-OLD-APP', type: 'APP_USER', valid: true },
        { uid: 'TAG-OLD', type: 'RFID', valid: false },
      ]);
    } finally {
      await second.close();
    }
  });

  it('documents the type query parameter of the token operations', async () => {
    const document = (await node.admin('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: unknown }[] }>> };
    const operations = document.paths['/tokens/{uid}'] ?? {};
    expect(Object.keys(operations).sort()).toEqual(['delete', 'get', 'put']);
    for (const operation of Object.values(operations)) {
      expect(operation.parameters?.find((parameter) => parameter.name === 'type')).toMatchObject({
        in: 'query',
        schema: { type: 'string', enum: ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'], default: 'RFID' },
      });
    }
  });
});
