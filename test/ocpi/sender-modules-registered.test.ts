import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { LocationRecord } from '../../services/core/events/generated-types.ts';
import { locationKind } from '../../services/roaming/ocpi/location-kind.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { startMockEmsp, type MockEmsp } from './support/mock-emsp.ts';
import { startOcpiHarness, type OcpiHarness } from './support/ocpi-harness.ts';
import { validateOcpiObject } from './support/ocpi-spec-validation.ts';
import { appendRecords, cdrRecord, locationBody, sessionRecord, type Party } from './support/sender-records.ts';

const ours: Party = { country_code: 'NL', party_id: 'SWY' };
const theirs: Party = { country_code: 'DE', party_id: 'EMS' };
const someoneElse: Party = { country_code: 'BE', party_id: 'OTH' };
const t0 = Date.parse('2026-11-21T08:00:00.000Z');

describe('OCPI sender modules in the service, pulled by an eMSP that registered through the credentials handshake', () => {
  let harness: OcpiHarness;
  let emsp: MockEmsp;

  beforeAll(async () => {
    harness = await startOcpiHarness({ config: { pageLimit: 3 } });
    emsp = await startMockEmsp();
    const issued = await harness.admin('POST', '/ocpi/token-a');
    await emsp.registerWith(harness.versionsUrl, (issued.body as { token: string }).token);
  });

  afterAll(async () => {
    await emsp?.close();
    await harness?.stop();
  });

  it('given the version details, then Locations, Sessions, CDRs and Tariffs are offered as SENDER on 2.2.1', () => {
    const offered = emsp.cpo?.endpoints.filter((endpoint) => ['locations', 'sessions', 'cdrs', 'tariffs'].includes(endpoint.identifier));
    expect(offered?.map((endpoint) => `${endpoint.identifier} ${endpoint.role ?? ''} ${endpoint.url}`).sort()).toEqual(
      ['cdrs', 'locations', 'sessions', 'tariffs'].map((module) => `${module} SENDER ${harness.config.publicUrl}/ocpi/2.2.1/${module}`),
    );
  });

  it('given sessions, CDRs and a Location on the bus, when the eMSP pulls every page, then it gets its own sessions and CDRs and the Location', async () => {
    await appendRecords(harness.bus, harness.serde, topics.cdrs, [
      ...Array.from({ length: 7 }, (_, n) => cdrRecord({ id: `CDR-${n}`, cpo: ours, emsp: theirs, lastUpdated: t0 + n * 60_000 })),
      cdrRecord({ id: 'CDR-OTHER', cpo: ours, emsp: someoneElse, lastUpdated: t0 }),
    ]);
    await appendRecords(harness.bus, harness.serde, topics.sessions, [
      sessionRecord({ id: 'SES-1', cpo: ours, emsp: theirs, lastUpdated: t0 }),
      sessionRecord({ id: 'SES-OTHER', cpo: ours, emsp: someoneElse, lastUpdated: t0 }),
      sessionRecord({ id: 'SES-1', cpo: ours, emsp: theirs, lastUpdated: t0 + 60_000 }, 'COMPLETED'),
    ]);
    const accepted = locationKind.accept(locationBody(ours, 'LOC-1', 2), t0);
    if (!accepted.ok) throw new Error(accepted.problems.join('; '));
    const location: LocationRecord = {
      envelope: { event_id: 'loc-1', key: 'NL/SWY/LOC-1', occurred_at: null, recorded_at: t0, source: { service: 'test', instance_id: 'test', connection_id: null }, correlation_id: null, causation_id: null },
      payload: locationKind.toPayload(accepted.object),
    };
    await harness.bus.append([{ topic: topics.locations, key: 'NL/SWY/LOC-1', value: await harness.serde.encode(topics.locations, location) }]);

    const cdrs = await eventually(async () => {
      const pulled = await emsp.pullAll('cdrs');
      expect(pulled.objects).toHaveLength(7);
      return pulled;
    }, 15_000);
    expect(cdrs.pages.map((page) => [page.objects.length, page.headers['x-total-count'], page.headers['x-limit'], page.headers['link'] !== undefined])).toEqual([
      [3, '7', '3', true],
      [3, '7', '3', true],
      [1, '7', '3', false],
    ]);
    expect(cdrs.objects.map((cdr) => (cdr as { id: string }).id)).toEqual(Array.from({ length: 7 }, (_, n) => `CDR-${n}`));

    const sessions = await eventually(async () => {
      const pulled = await emsp.pullAll('sessions');
      expect(pulled.objects).toMatchObject([{ id: 'SES-1', status: 'COMPLETED' }]);
      return pulled;
    }, 15_000);
    expect(sessions.pages[0]?.headers['x-total-count']).toBe('1');

    const locations = await eventually(async () => {
      const pulled = await emsp.pullAll('locations');
      expect(pulled.objects).toHaveLength(1);
      return pulled;
    }, 15_000);
    expect(validateOcpiObject('Location', locations.objects[0]).errors).toEqual([]);
    const evse = await emsp.callCpo('GET', 'locations', '/LOC-1/CP-LOC-1-2');
    expect([evse.httpStatus, evse.body?.status_code, (evse.body?.data as { uid?: string } | undefined)?.uid]).toEqual([200, 1000, 'CP-LOC-1-2']);
  });
});
