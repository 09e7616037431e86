import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../core/events/generated-types.ts';
import type { CommandResolution } from '../../../edge/commands/command-outcome-waiter.ts';
import { activeChargingProfileResultOf, chargingProfileResultOf, type ChargingProfileResultType } from './profile-results.ts';

const answered = (outcome: CommandOutcome, statusRaw: string | null, response: unknown = null): CommandResolution => ({
  kind: 'answered',
  event: {
    command_id: 'C1', action: 'Act', message_id: 'm1', outcome, status_raw: statusRaw,
    response_json: response === null ? null : JSON.stringify(response), error_code: outcome === 'CALL_ERROR' ? 'InternalError' : null, error_description: null,
  },
});

describe('chargingProfileResultOf', () => {
  const table: readonly { given: string; resolution: CommandResolution; then: ChargingProfileResultType }[] = [
    { given: 'a profile the charger accepted', resolution: answered('ACCEPTED', 'Accepted'), then: 'ACCEPTED' },
    { given: 'a profile the charger rejected', resolution: answered('REJECTED', 'Rejected'), then: 'REJECTED' },
    { given: 'a 1.6 charger without smart charging', resolution: answered('NOT_SUPPORTED', 'NotSupported'), then: 'REJECTED' },
    { given: 'a clear that found no profile', resolution: answered('UNKNOWN', 'Unknown'), then: 'UNKNOWN' },
    { given: 'an answer that breaks its schema', resolution: answered('UNKNOWN', null), then: 'REJECTED' },
    { given: 'a CALLERROR', resolution: answered('CALL_ERROR', null), then: 'REJECTED' },
    { given: 'no answer in time', resolution: { kind: 'timedOut', event: { command_id: 'C1', action: 'SetChargingProfile', message_id: 'm1', timeout_ms: 1000 } }, then: 'REJECTED' },
    { given: 'a charger no edge holds', resolution: { kind: 'notPickedUp' }, then: 'REJECTED' },
    { given: 'a 1.6 transaction id that is no integer', resolution: { kind: 'undeliverable', event: { command_id: 'C1', reason: 'unsupported_by_version', detail: null } }, then: 'REJECTED' },
    { given: 'an outcome that never arrived', resolution: { kind: 'noOutcome' }, then: 'REJECTED' },
  ];
  it.each(table)('given $given, then $then', ({ resolution, then }) => {
    expect(chargingProfileResultOf(resolution)).toEqual({ result: then });
  });
});

describe('activeChargingProfileResultOf', () => {
  const answeredAt = Date.parse('2026-11-21T12:00:00Z');
  const schedule = { evseId: 1, duration: 60, scheduleStart: '2026-11-21T12:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
  it.each([
    {
      given: 'an accepted answer with its schedule',
      resolution: answered('ACCEPTED', 'Accepted', { status: 'Accepted', schedule }),
      then: {
        result: 'ACCEPTED',
        profile: {
          start_date_time: '2026-11-21T12:00:00.000Z',
          charging_profile: { start_date_time: '2026-11-21T12:00:00.000Z', duration: 60, charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: 16 }] },
        },
      },
    },
    { given: 'an accepted answer without a schedule', resolution: answered('ACCEPTED', 'Accepted', { status: 'Accepted' }), then: { result: 'UNKNOWN' } },
    { given: 'a rejected request', resolution: answered('REJECTED', 'Rejected', { status: 'Rejected' }), then: { result: 'REJECTED' } },
    { given: 'no answer', resolution: { kind: 'noOutcome' } as const, then: { result: 'REJECTED' } },
  ])('given $given', ({ resolution, then }) => {
    expect(activeChargingProfileResultOf(resolution, answeredAt)).toEqual(then);
  });
});
