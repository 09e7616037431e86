import { describe, expect, it } from 'vitest';
import type { EvseStatus, OcpiLocation } from '../../services/roaming/ocpi/location-object.ts';
import type { PartnerResponse } from '../../services/ocpi/client/partner-client.ts';
import { evseStatusChanges, evseStatusesOf } from '../../services/ocpi/push/evse-status-changes.ts';
import { missedStatuses, statusDelivery, statusDeliveryKeyOf } from '../../services/ocpi/push/evse-status-catch-up.ts';
import { LatestPerKey } from '../../services/ocpi/push/latest-per-key.ts';
import { locationToPush } from '../../services/ocpi/push/location-to-push.ts';
import { testLocation, type TestEvse } from '../support/test-location.ts';
import { pushOutcomeOf, type PushOutcome } from '../../services/ocpi/push/push-outcome.ts';

const answer = (httpStatus: number, ocpiStatusCode: number | null, statusMessage: string | null = null): PartnerResponse => ({ httpStatus, ocpiStatusCode, statusMessage, data: null, headers: {} });

describe('what a partner answer means for a pushed object', () => {
  const table: readonly { given: string; response: PartnerResponse; then: PushOutcome }[] = [
    { given: '200 with 1000', response: answer(200, 1000), then: { kind: 'accepted' } },
    { given: '201 with 1000 (new object)', response: answer(201, 1000), then: { kind: 'accepted' } },
    { given: '200 without an envelope', response: answer(200, null), then: { kind: 'accepted' } },
    { given: '200 with 2001', response: answer(200, 2001, 'missing field'), then: { kind: 'refused', reason: 'HTTP 200, OCPI 2001: missing field' } },
    { given: '404 with 2003', response: answer(404, 2003), then: { kind: 'refused', reason: 'HTTP 404, OCPI 2003' } },
    { given: '400 without an envelope', response: answer(400, null), then: { kind: 'refused', reason: 'HTTP 400, no OCPI status' } },
    { given: '429 (slow down)', response: answer(429, null), then: { kind: 'retry', reason: 'HTTP 429, no OCPI status' } },
    { given: '401 with 2000 (our token not known yet: credentials rotating)', response: answer(401, 2000), then: { kind: 'retry', reason: 'HTTP 401, OCPI 2000' } },
    { given: '200 with 3000', response: answer(200, 3000, 'busy'), then: { kind: 'retry', reason: 'HTTP 200, OCPI 3000: busy' } },
    { given: '503', response: answer(503, null), then: { kind: 'retry', reason: 'HTTP 503, no OCPI status' } },
    { given: '400 with 1000 (contradiction)', response: answer(400, 1000), then: { kind: 'refused', reason: 'HTTP 400, OCPI 1000' } },
  ];
  it.each(table)('given $given', ({ response, then }) => {
    expect(pushOutcomeOf(response)).toEqual(then);
  });
});

const t0 = Date.parse('2026-11-21T10:00:00.000Z');
const iso = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

const location = (evses: readonly TestEvse[], at = t0): OcpiLocation => testLocation(evses, at);

/** A live view as services/roaming shows it: EVSE statuses from chargers, the location as recent as its EVSEs. */
function withStatuses(base: OcpiLocation, statuses: Record<string, { status: EvseStatus; at: string }>): OcpiLocation {
  const evses = base.evses.map((evse) => {
    const live = statuses[evse.uid];
    return live === undefined ? evse : { ...evse, status: live.status, last_updated: live.at };
  });
  const latest = Math.max(Date.parse(base.last_updated), ...evses.map((evse) => Date.parse(evse.last_updated)));
  return { ...base, evses, last_updated: new Date(latest).toISOString() };
}

describe('EVSE status changes of a live location', () => {
  const before = location([{ evse: 1, status: 'AVAILABLE' }, { evse: 2, status: 'AVAILABLE' }]);
  it('are the EVSEs whose status moved, with their last_updated', () => {
    const after = withStatuses(location([{ evse: 1 }, { evse: 2 }, { evse: 3 }]), {
      'CP-1-1': { status: 'CHARGING', at: iso(5) },
      'CP-1-2': { status: 'AVAILABLE', at: iso(6) },
      'CP-1-3': { status: 'CHARGING', at: iso(7) },
    });
    expect(evseStatusChanges(evseStatusesOf(before), after)).toEqual([
      { locationOwner: { country_code: 'NL', party_id: 'SWY' }, locationId: 'LOC-1', evseUid: 'CP-1-1', status: 'CHARGING', lastUpdated: iso(5) },
    ]);
  });
});

describe('EVSE statuses a partner missed while no push ran', () => {
  const live = withStatuses(location([{ evse: 1 }, { evse: 2 }, { evse: 3 }]), {
    'CP-1-1': { status: 'CHARGING', at: iso(5) },
    'CP-1-2': { status: 'AVAILABLE', at: iso(6) },
    'CP-1-3': { status: 'AVAILABLE', at: iso(7) },
  });
  const update = (evseUid: string, status: string, minute: number) => ({ locationOwner: { country_code: 'NL', party_id: 'SWY' }, locationId: 'LOC-1', evseUid, status, lastUpdated: iso(minute) });
  const acceptedBy = (partnerId: string, accepted: readonly ReturnType<typeof update>[]) => {
    const records = new Map(accepted.map((status) => [statusDeliveryKeyOf(partnerId, status), statusDelivery(partnerId, status, t0)]));
    return (key: string) => records.get(key);
  };
  const table: readonly { given: string; accepted: readonly ReturnType<typeof update>[]; then: readonly (readonly [string, string, string])[] }[] = [
    { given: 'the partner accepted every live status', accepted: [update('CP-1-1', 'CHARGING', 5), update('CP-1-2', 'AVAILABLE', 6), update('CP-1-3', 'AVAILABLE', 7)], then: [] },
    {
      given: 'a status changed after the partner accepted the previous one',
      accepted: [update('CP-1-1', 'AVAILABLE', 1), update('CP-1-2', 'AVAILABLE', 6), update('CP-1-3', 'AVAILABLE', 7)],
      then: [['CP-1-1', 'CHARGING', iso(5)]],
    },
    { given: 'EVSEs the partner never accepted a PATCH of', accepted: [update('CP-1-1', 'CHARGING', 5)], then: [['CP-1-2', 'AVAILABLE', iso(6)], ['CP-1-3', 'AVAILABLE', iso(7)]] },
  ];
  it.each(table)('given $given, then the current status of exactly those EVSEs is PATCHed', ({ accepted, then }) => {
    const missed = missedStatuses('emsp-1', [live], acceptedBy('emsp-1', accepted));
    expect(missed.map((status) => [status.evseUid, status.status, status.lastUpdated])).toEqual(then);
  });

  it('when another partner accepted the statuses, then this one still gets them', () => {
    const accepted = acceptedBy('emsp-2', [update('CP-1-1', 'CHARGING', 5), update('CP-1-2', 'AVAILABLE', 6), update('CP-1-3', 'AVAILABLE', 7)]);
    expect(missedStatuses('emsp-1', [live], accepted)).toHaveLength(3);
  });
});

describe('the Location PUT for a stored location record', () => {
  const stored = location([{ evse: 1 }, { evse: 2 }], t0);
  const table: readonly { given: string; stored: OcpiLocation | undefined; live: OcpiLocation | undefined; then: readonly { uid: string; status: string; last_updated: string }[] | undefined }[] = [
    { given: 'no live view yet', stored, live: undefined, then: [{ uid: 'CP-1-1', status: 'UNKNOWN', last_updated: iso(0) }, { uid: 'CP-1-2', status: 'UNKNOWN', last_updated: iso(0) }] },
    {
      given: 'live statuses: they are kept',
      stored,
      live: withStatuses(stored, { 'CP-1-1': { status: 'CHARGING', at: iso(3) } }),
      then: [{ uid: 'CP-1-1', status: 'CHARGING', last_updated: iso(3) }, { uid: 'CP-1-2', status: 'UNKNOWN', last_updated: iso(0) }],
    },
    {
      given: 'an EVSE the update dropped: it stays as REMOVED',
      stored: location([{ evse: 1 }], t0),
      live: withStatuses(stored, { 'CP-1-2': { status: 'REMOVED', at: iso(4) } }),
      then: [{ uid: 'CP-1-1', status: 'UNKNOWN', last_updated: iso(0) }, { uid: 'CP-1-2', status: 'REMOVED', last_updated: iso(4) }],
    },
    {
      given: 'a deleted location: the live view (all REMOVED)',
      stored: undefined,
      live: withStatuses(stored, { 'CP-1-1': { status: 'REMOVED', at: iso(4) }, 'CP-1-2': { status: 'REMOVED', at: iso(4) } }),
      then: [{ uid: 'CP-1-1', status: 'REMOVED', last_updated: iso(4) }, { uid: 'CP-1-2', status: 'REMOVED', last_updated: iso(4) }],
    },
    { given: 'neither', stored: undefined, live: undefined, then: undefined },
  ];
  it.each(table)('given $given', ({ stored: record, live, then }) => {
    const pushed = locationToPush(record, live);
    expect(pushed?.evses.map((evse) => ({ uid: evse.uid, status: evse.status, last_updated: evse.last_updated }))).toEqual(then);
    // A partner that filters on last_updated must see the location change whenever an EVSE changed.
    if (pushed !== undefined) expect(Date.parse(pushed.last_updated)).toBe(Math.max(...pushed.evses.map((evse) => Date.parse(evse.last_updated))));
  });
});

describe('a queue keeping the latest item per key', () => {
  it('hands out keys in first-pending order with their newest item, and a failed item never overtakes a newer one', async () => {
    const queue = new LatestPerKey<string>();
    const signal = new AbortController().signal;
    queue.put('evse-1', 'CHARGING');
    queue.put('evse-2', 'AVAILABLE');
    queue.put('evse-1', 'AVAILABLE');
    expect(await queue.take(signal)).toEqual(['evse-1', 'AVAILABLE']);
    queue.put('evse-1', 'OUTOFORDER');
    queue.putBack('evse-1', 'AVAILABLE');
    expect(queue.size).toBe(2);
    expect(await queue.take(signal)).toEqual(['evse-2', 'AVAILABLE']);
    expect(await queue.take(signal)).toEqual(['evse-1', 'OUTOFORDER']);
  });

  it('waits for an item, and answers null once stopped', async () => {
    const queue = new LatestPerKey<string>();
    const abort = new AbortController();
    const waiting = queue.take(abort.signal);
    queue.put('evse-1', 'CHARGING');
    expect(await waiting).toEqual(['evse-1', 'CHARGING']);
    const stopped = queue.take(abort.signal);
    abort.abort();
    expect(await stopped).toBeNull();
  });
});
