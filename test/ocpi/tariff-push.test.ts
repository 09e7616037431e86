import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadLetterHeaders, deadLetterTopicOf } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { roamingKey } from '../../services/roaming/ocpi/roaming-kind.ts';
import { tariffKind } from '../../services/roaming/ocpi/tariff-kind.ts';
import { startMockEmsp, type MockEmsp, type ReceivedRequest } from './support/mock-emsp.ts';
import { assertValidOcpiObject } from './support/ocpi-spec-validation.ts';
import { openPushWorld, ourParty, type PushWorld } from './support/push-world.ts';

const ems = { role: 'EMSP', country_code: 'DE', party_id: 'EMS', business_details: { name: 'eMSP EMS' } } as const;

const served = (method: string) => (request: ReceivedRequest) => request.module === 'tariffs' && request.method === method && request.failedWith === null;
const tariffRequests = (emsp: MockEmsp) => emsp.received.filter((request) => request.module === 'tariffs' && request.failedWith === null);
/** What the eMSP was told, in arrival order: `PUT <id> <price>` or `DELETE <id>`. */
const told = (requests: readonly ReceivedRequest[]) =>
  requests.map((request) => {
    const id = decodeURIComponent(request.path.split('/').at(-1) ?? '');
    if (request.method !== 'PUT') return `${request.method} ${id}`;
    const { elements } = request.body as { elements: { price_components: { price: number }[] }[] };
    return `PUT ${id} ${elements[0]?.price_components[0]?.price ?? '?'}`;
  });

let world: PushWorld;
let emsp: MockEmsp;
/** Each stored version is stamped later than the one before, as the operator's successive edits are. */
let stamp = 0;

/** Stored the way the admin API stores it: 2 EUR per hour charging, or the given price. */
async function storeTariff(id: string, pricePerHour = 2): Promise<void> {
  stamp = Math.max(stamp + 1, Date.now());
  const accepted = tariffKind.accept(
    { ...ourParty, id, currency: 'EUR', type: 'REGULAR', elements: [{ price_components: [{ type: 'TIME', price: pricePerHour, vat: 21, step_size: 60 }] }] },
    stamp,
  );
  if (!accepted.ok) throw new Error(accepted.problems.join('; '));
  await world.roaming.tariffStore.put(accepted.object);
}

async function removeTariff(id: string): Promise<void> {
  if ((await world.roaming.tariffStore.remove(roamingKey(ourParty, id))) === undefined) throw new Error(`no tariff ${id} to remove`);
}

beforeEach(async () => {
  world = await openPushWorld();
  emsp = await startMockEmsp({ roles: [ems] });
});

afterEach(async () => {
  await world.close();
  await emsp.close();
});

describe('OCPI tariff push to a registered eMSP', () => {
  it('PUTs each tariff the operator changes after the eMSP registered, valid and routed, and DELETEs a removed one', async () => {
    await storeTariff('TAR-BEFORE');
    await world.registerWith(emsp, 'emsp-ems');
    await storeTariff('TAR-1');

    const put = await emsp.waitFor(served('PUT'));
    expect(put.path).toBe(new URL(`${emsp.endpointUrl('tariffs')}/NL/SWY/TAR-1`).pathname);
    assertValidOcpiObject('Tariff', put.body);
    expect(put.violations).toEqual([]);
    expect(put.body).toMatchObject({ country_code: 'NL', party_id: 'SWY', id: 'TAR-1', currency: 'EUR', last_updated: expect.any(String) });
    expect(put.headers).toMatchObject({ 'ocpi-from-country-code': 'NL', 'ocpi-from-party-id': 'SWY', 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'EMS' });
    expect(emsp.tariffs.get('NL', 'SWY', 'TAR-1')).toMatchObject({ id: 'TAR-1' });

    await removeTariff('TAR-1');
    const deleted = await emsp.waitFor(served('DELETE'));
    expect(deleted.path).toBe(put.path);
    expect(deleted.body).toBeUndefined();
    expect(deleted.headers).toMatchObject({ 'ocpi-from-party-id': 'SWY', 'ocpi-to-party-id': 'EMS' });
    expect(emsp.tariffs.all()).toEqual([]);
    // A tariff from before the registration is the eMSP's to pull (GET tariffs), as with the other channels.
    expect(told(tariffRequests(emsp))).toEqual(['PUT TAR-1 2', 'DELETE TAR-1']);
    await expect.poll(() => world.push.healthOf('emsp-ems')?.channels.tariffs).toMatchObject({ backlog: 0, last_failure: null, last_success_at: expect.any(String) });
  });

  it('loses nothing and keeps the order while the eMSP is down, then back', async () => {
    await world.registerWith(emsp, 'emsp-ems');
    emsp.failNext(Number.POSITIVE_INFINITY, 'closeSocket', (request) => request.module === 'tariffs');
    await storeTariff('TAR-A', 1);
    await storeTariff('TAR-B', 5);
    await storeTariff('TAR-A', 2);
    await removeTariff('TAR-B');
    await storeTariff('TAR-A', 3);

    await emsp.waitForCount((request) => request.module === 'tariffs' && request.failedWith === 'closeSocket', 2);
    await expect.poll(() => world.push.healthOf('emsp-ems')?.channels.tariffs?.backlog).toBe(5);
    expect(world.push.healthOf('emsp-ems')?.channels.tariffs?.last_failure).toMatchObject({ retriable: true });
    expect(emsp.tariffs.all()).toEqual([]);

    emsp.stopFailing();
    await emsp.waitForCount((request) => served('PUT')(request) || served('DELETE')(request), 5);
    expect(told(tariffRequests(emsp))).toEqual(['PUT TAR-A 1', 'PUT TAR-B 5', 'PUT TAR-A 2', 'DELETE TAR-B', 'PUT TAR-A 3']);
    expect(emsp.tariffs.all()).toEqual([expect.objectContaining({ id: 'TAR-A' })]);
    await expect.poll(() => world.push.healthOf('emsp-ems')?.channels.tariffs?.backlog).toBe(0);
    const metrics = await world.metrics.metrics();
    expect(metrics).toMatch(/switchyard_ocpi_push_attempts_total\{partner="emsp-ems",channel="tariffs",outcome="retry"\} [1-9]/);
    expect(metrics).toContain('switchyard_ocpi_push_attempts_total{partner="emsp-ems",channel="tariffs",outcome="accepted"} 5');
  });

  it('dead-letters a DELETE the eMSP refuses, with the reason, and goes on with the next change', async () => {
    await world.registerWith(emsp, 'emsp-ems');
    await storeTariff('TAR-GONE');
    await emsp.waitFor(served('PUT'));
    // The eMSP lost the tariff on its side: it answers the DELETE with HTTP 404, 2000.
    emsp.tariffs.clear();
    await removeTariff('TAR-GONE');
    await storeTariff('TAR-NEXT');

    await emsp.waitFor((request) => served('PUT')(request) && request.path.endsWith('/TAR-NEXT'));
    await expect.poll(async () => (await world.readAll(deadLetterTopicOf(topics.tariffs))).length).toBe(1);
    const [dead] = await world.readAll(deadLetterTopicOf(topics.tariffs));
    expect(dead?.key).toBe('NL/SWY/TAR-GONE');
    expect(dead?.headers[deadLetterHeaders.group]).toBe('switchyard.ocpi.push.emsp-ems.tariffs');
    expect(dead?.headers[deadLetterHeaders.error]).toContain('HTTP 404, OCPI 2000');
    expect(world.push.healthOf('emsp-ems')?.channels.tariffs?.last_failure).toMatchObject({ retriable: false, reason: expect.stringContaining('unknown tariff') });
  });
});
