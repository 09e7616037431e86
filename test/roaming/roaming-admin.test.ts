import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { LocationRecord, TariffRecord, TokenRecord } from '../../services/core/events/generated-types.ts';
import { parseTariff } from '../../services/pricing/tariff.ts';
import { emptyReferenceData, withLocation } from '../../services/projectors/tracking/reference-data.ts';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually, readTopic } from '../edge/support/edge-harness.ts';
import { openRoamingWorld, startRoamingNode, type RoamingNode, type RoamingWorld } from './support/roaming-harness.ts';

const localToken = { country_code: 'NL', party_id: 'SWY', type: 'RFID', contract_id: 'NL-SWY-C12345678-K', issuer: 'Switchyard Fleet', valid: true, whitelist: 'ALWAYS' };

const connector = { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 400, max_amperage: 32, tariff_ids: ['AC-STANDARD'] };

const depot = {
  country_code: 'NL',
  party_id: 'SWY',
  publish: true,
  name: 'Depot 7',
  address: 'Havenstraat 7',
  city: 'Rotterdam',
  postal_code: '3011AA',
  country: 'NLD',
  coordinates: { latitude: '51.91972', longitude: '4.47778' },
  time_zone: 'Europe/Amsterdam',
  evses: [
    { evse_id: 'NL*SWY*E0001', connectors: [connector], switchyard: { charger_id: 'CP-ROAM-16', evse_id: 1 } },
    { evse_id: 'NL*SWY*E0002', connectors: [connector], switchyard: { charger_id: 'CP-ROAM-16', evse_id: 2 } },
  ],
};

const tariff = {
  country_code: 'NL',
  party_id: 'SWY',
  currency: 'EUR',
  type: 'REGULAR',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.35, vat: 21, step_size: 1 }] }],
};

async function decoded<T extends 'switchyard.tokens' | 'switchyard.locations' | 'switchyard.tariffs'>(world: RoamingWorld, topic: T, key: string) {
  const records = (await readTopic(world.bus, topic)).filter((record) => record.key === key);
  return Promise.all(records.map(async (record) => (record.value === null ? null : ((await world.serde.decode(topic, record.value)) as TokenRecord | LocationRecord | TariffRecord))));
}

describe('roaming state through the admin API, and Authorize from the token view', () => {
  let world: RoamingWorld;
  let node: RoamingNode;
  let charger: Charger;

  beforeAll(async () => {
    world = await openRoamingWorld();
    node = await startRoamingNode(world, { instanceId: 'roaming-test-1', unknownTokens: 'reject' });
    charger = await connectCharger({ baseUrl: node.wsUrl, identity: 'CP-ROAM-16', protocol: 'ocpp1.6' });
    await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Volt-1' });
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await node?.close();
    await world?.cleanup();
  });

  it('stores a local token on switchyard.tokens and answers Authorize with it; an unknown token is refused', async () => {
    const put = await node.admin('PUT', '/tokens/TAG-LOCAL-1', localToken);
    expect(put).toMatchObject({ status: 201, body: { ...localToken, uid: 'TAG-LOCAL-1' } });
    expect(typeof (put.body as { last_updated: unknown }).last_updated).toBe('string');
    expect(await node.admin('GET', '/tokens/TAG-LOCAL-1')).toEqual({ status: 200, body: put.body });

    const [record] = await decoded(world, topics.tokens, 'NL/SWY/TAG-LOCAL-1/RFID');
    expect(record?.payload).toMatchObject({ owner: { country_code: 'NL', party_id: 'SWY' }, uid: 'TAG-LOCAL-1', valid: true, whitelist: 'ALWAYS' });
    expect(JSON.parse(record?.payload.object_json ?? '{}')).toEqual(put.body);

    expect(await charger.call('Authorize', { idTag: 'TAG-LOCAL-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await charger.call('Authorize', { idTag: 'TAG-NOBODY' })).toEqual({ idTagInfo: { status: 'Invalid' } });
  });

  it('blocks a token made invalid, and forgets a deleted one (a tombstone on the topic)', async () => {
    await node.admin('PUT', '/tokens/TAG-LOST', { ...localToken, contract_id: 'NL-SWY-C00000002-K', group_id: 'FLEET-7' });
    expect(await charger.call('Authorize', { idTag: 'TAG-LOST' })).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET-7' } });
    expect((await node.admin('PUT', '/tokens/TAG-LOST', { ...localToken, contract_id: 'NL-SWY-C00000002-K', valid: false })).status).toBe(200);
    expect(await charger.call('Authorize', { idTag: 'TAG-LOST' })).toEqual({ idTagInfo: { status: 'Blocked' } });

    expect(await node.admin('DELETE', '/tokens/TAG-LOST')).toEqual({ status: 204, body: null });
    expect(await node.admin('GET', '/tokens/TAG-LOST')).toMatchObject({ status: 404, body: { error: { code: 'unknown_token' } } });
    expect((await decoded(world, topics.tokens, 'NL/SWY/TAG-LOST/RFID')).at(-1)).toBeNull();
    expect(await charger.call('Authorize', { idTag: 'TAG-LOST' })).toEqual({ idTagInfo: { status: 'Invalid' } });
  });

  it('refuses objects that break the OCPI object tables, naming every problem', async () => {
    const { address: _address, ...withoutAddress } = depot;
    const bad = await node.admin('PUT', '/locations/DEPOT-7', {
      ...withoutAddress,
      country: 'NL',
      evses: [{ ...depot.evses[0], status: 'BROKEN', connectors: [{ ...connector, standard: 'TYPE2' }] }],
    });
    expect(bad.status).toBe(400);
    const message = (bad.body as { error: { code: string; message: string } }).error;
    expect(message.code).toBe('invalid_location');
    for (const field of ['address:', 'country: expected an ISO 3166-1 alpha-3 code', 'evses.0.status:', 'evses.0.connectors.0.standard:']) expect(message.message).toContain(field);

    const wrongUid = await node.admin('PUT', '/locations/DEPOT-7', { ...depot, evses: [{ ...depot.evses[0], uid: 'EVSE-A' }] });
    expect(wrongUid).toMatchObject({ status: 400, body: { error: { message: 'evses.0.uid: must be CP-ROAM-16-1 (charger id and OCPP EVSE id), got EVSE-A' } } });
    const contradiction = await node.admin('PUT', '/tokens/TAG-X', { ...localToken, uid: 'TAG-Y' });
    expect(contradiction).toMatchObject({ status: 400, body: { error: { message: 'uid: the body says "TAG-Y" but the path says "TAG-X"' } } });
    const badToken = await node.admin('PUT', '/tokens/TAG-X', { ...localToken, whitelist: 'SOMETIMES', party_id: 'sw' });
    expect(badToken).toMatchObject({ status: 400, body: { error: { code: 'invalid_token' } } });
    expect(await node.admin('GET', '/locations')).toEqual({ status: 200, body: [] });
  });

  it('stores a location whose EVSEs name their charger, and shows the charger-reported statuses', async () => {
    const put = await node.admin('PUT', '/locations/DEPOT-7', depot);
    expect(put.status).toBe(201);
    expect((put.body as { evses: { uid: string; status: string }[] }).evses.map(({ uid, status }) => ({ uid, status }))).toEqual([
      { uid: 'CP-ROAM-16-1', status: 'UNKNOWN' },
      { uid: 'CP-ROAM-16-2', status: 'UNKNOWN' },
    ]);
    const [record] = await decoded(world, topics.locations, 'NL/SWY/DEPOT-7');
    expect(record?.payload).toMatchObject({ id: 'DEPOT-7', city: 'Rotterdam', latitude: '51.91972', evse_uids: ['CP-ROAM-16-1', 'CP-ROAM-16-2'] });
    // The session projector finds the location of a charger's session through the same EVSE uids.
    const reference = withLocation(emptyReferenceData, 'NL/SWY/DEPOT-7', record as LocationRecord);
    expect('data' in reference && [...reference.data.locationByEvse.keys()].sort()).toEqual(['CP-ROAM-16-1', 'CP-ROAM-16-2']);

    const chargingSince = '2026-11-21T09:30:00.000Z';
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: chargingSince });
    await charger.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' });
    const live = await eventually(async () => {
      const got = (await node.admin('GET', '/locations/DEPOT-7')).body as { evses: { uid: string; status: string; last_updated: string }[] };
      expect(got.evses.map((evse) => evse.status)).toEqual(['CHARGING', 'AVAILABLE']);
      return got;
    });
    expect(live.evses[0]?.last_updated).toBe((put.body as { last_updated: string }).last_updated);

    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', status: 'Faulted' });
    await eventually(async () => {
      const got = (await node.admin('GET', '/locations/DEPOT-7')).body as { evses: { status: string }[] };
      expect(got.evses.map((evse) => evse.status)).toEqual(['OUTOFORDER', 'AVAILABLE']);
    });
  });

  it('keeps tariffs, and a second instance rebuilds every kind from the compacted topics', async () => {
    expect((await node.admin('PUT', '/tariffs/AC-STANDARD', tariff)).status).toBe(201);
    expect((await node.admin('PUT', '/tariffs/OLD', tariff)).status).toBe(201);
    expect(await node.admin('DELETE', '/tariffs/OLD')).toEqual({ status: 204, body: null });
    const [record] = await decoded(world, topics.tariffs, 'NL/SWY/AC-STANDARD');
    expect(record?.payload).toMatchObject({ id: 'AC-STANDARD', currency: 'EUR', type: 'REGULAR', start_date_time: null });
    // Pricing reads the stored object as it is.
    expect(parseTariff(record?.payload.object_json ?? '').elements[0]?.price_components).toEqual([{ type: 'ENERGY', price: 0.35, vat: 21, step_size: 1 }]);

    const second = await startRoamingNode(world, { instanceId: 'roaming-test-2', unknownTokens: 'accept' });
    try {
      expect(await second.admin('GET', '/tariffs')).toMatchObject({ status: 200, body: [{ id: 'AC-STANDARD' }] });
      expect(await second.admin('GET', '/tokens')).toMatchObject({ status: 200, body: [{ uid: 'TAG-LOCAL-1' }] });
      const location = (await second.admin('GET', '/locations/DEPOT-7')).body as { evses: { status: string }[] };
      expect(location.evses.map((evse) => evse.status)).toEqual(['OUTOFORDER', 'AVAILABLE']);

      const freeVend = await connectCharger({ baseUrl: second.wsUrl, identity: 'CP-FREE', protocol: 'ocpp1.6' });
      try {
        expect(await freeVend.call('Authorize', { idTag: 'TAG-NOBODY' })).toEqual({ idTagInfo: { status: 'Accepted' } });
      } finally {
        await freeVend.close({ force: true });
      }
    } finally {
      await second.close();
    }
  });

  it('marks an EVSE the operator takes out as REMOVED, and every EVSE of a charger that goes offline as UNKNOWN', async () => {
    await node.admin('PUT', '/locations/DEPOT-7', { ...depot, evses: [depot.evses[0]] });
    const trimmed = (await node.admin('GET', '/locations/DEPOT-7')).body as { evses: { uid: string; status: string }[] };
    expect(trimmed.evses.map(({ uid, status }) => ({ uid, status }))).toEqual([
      { uid: 'CP-ROAM-16-1', status: 'OUTOFORDER' },
      { uid: 'CP-ROAM-16-2', status: 'REMOVED' },
    ]);
    await charger.close({ force: true });
    await eventually(async () => {
      const got = (await node.admin('GET', '/locations/DEPOT-7')).body as { evses: { status: string }[] };
      expect(got.evses.map((evse) => evse.status)).toEqual(['UNKNOWN', 'REMOVED']);
    });
  });

  it('documents every roaming operation in the OpenAPI document', async () => {
    const document = (await node.admin('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    const operations = Object.entries(document.paths)
      .filter(([path]) => /^\/(locations|tariffs|tokens)/.test(path))
      .flatMap(([, methods]) => Object.values(methods).map((operation) => operation.operationId))
      .sort();
    expect(operations).toEqual([
      'deleteLocation', 'deleteTariff', 'deleteToken', 'getLocation', 'getTariff', 'getToken',
      'listLocations', 'listTariffs', 'listTokens', 'putLocation', 'putTariff', 'putToken',
    ]);
  });
});
