import { describe, expect, it } from 'vitest';
import type { CommandResolution } from '../../../edge/commands/command-outcome-waiter.ts';
import type { CommandOutcome } from '../../../core/events/generated-types.ts';
import type { CommandType } from './command-requests.ts';
import { commandResultOf, type CommandResultType } from './command-result.ts';

const answered = (outcome: CommandOutcome, statusRaw: string | null, errorCode: string | null = null): CommandResolution => ({
  kind: 'answered',
  event: { command_id: 'C1', action: 'Act', message_id: 'm1', outcome, status_raw: statusRaw, response_json: null, error_code: errorCode, error_description: null },
});
const undeliverable = (reason: string): CommandResolution => ({ kind: 'undeliverable', event: { command_id: 'C1', reason, detail: null } });

describe('commandResultOf', () => {
  const table: readonly { given: string; command: CommandType; resolution: CommandResolution; then: CommandResultType }[] = [
    { given: 'a start the charger accepted', command: 'START_SESSION', resolution: answered('ACCEPTED', 'Accepted'), then: 'ACCEPTED' },
    { given: 'a start the charger rejected', command: 'START_SESSION', resolution: answered('REJECTED', 'Rejected'), then: 'REJECTED' },
    { given: 'an unlock that worked', command: 'UNLOCK_CONNECTOR', resolution: answered('ACCEPTED', 'Unlocked'), then: 'ACCEPTED' },
    { given: 'an unlock that failed mechanically', command: 'UNLOCK_CONNECTOR', resolution: answered('REJECTED', 'UnlockFailed'), then: 'FAILED' },
    { given: 'a 2.0.1 unlock during a session', command: 'UNLOCK_CONNECTOR', resolution: answered('REJECTED', 'OngoingAuthorizedTransaction'), then: 'EVSE_OCCUPIED' },
    { given: 'an unlock of a connector the charger does not have', command: 'UNLOCK_CONNECTOR', resolution: answered('REJECTED', 'UnknownConnector'), then: 'REJECTED' },
    { given: 'a 1.6 unlock not supported', command: 'UNLOCK_CONNECTOR', resolution: answered('NOT_SUPPORTED', 'NotSupported'), then: 'NOT_SUPPORTED' },
    { given: 'a reservation on an occupied EVSE', command: 'RESERVE_NOW', resolution: answered('REJECTED', 'Occupied'), then: 'EVSE_OCCUPIED' },
    { given: 'a reservation on a faulted EVSE', command: 'RESERVE_NOW', resolution: answered('REJECTED', 'Faulted'), then: 'EVSE_INOPERATIVE' },
    { given: 'a reservation on an unavailable EVSE', command: 'RESERVE_NOW', resolution: answered('REJECTED', 'Unavailable'), then: 'EVSE_INOPERATIVE' },
    { given: 'a reservation refused', command: 'RESERVE_NOW', resolution: answered('REJECTED', 'Rejected'), then: 'REJECTED' },
    { given: 'a cancellation of a reservation the charger does not have', command: 'CANCEL_RESERVATION', resolution: answered('REJECTED', 'Rejected'), then: 'UNKNOWN_RESERVATION' },
    { given: 'a cancellation accepted', command: 'CANCEL_RESERVATION', resolution: answered('ACCEPTED', 'Accepted'), then: 'ACCEPTED' },
    { given: 'a CALLERROR NotImplemented', command: 'RESERVE_NOW', resolution: answered('CALL_ERROR', null, 'NotImplemented'), then: 'NOT_SUPPORTED' },
    { given: 'a CALLERROR InternalError', command: 'STOP_SESSION', resolution: answered('CALL_ERROR', null, 'InternalError'), then: 'FAILED' },
    { given: 'an answer that breaks its schema', command: 'STOP_SESSION', resolution: answered('UNKNOWN', null), then: 'FAILED' },
    {
      given: 'no answer in time',
      command: 'START_SESSION',
      resolution: { kind: 'timedOut', event: { command_id: 'C1', action: 'RemoteStartTransaction', message_id: 'm1', timeout_ms: 1000 } },
      then: 'TIMEOUT',
    },
    { given: 'sent, but the outcome never arrived', command: 'STOP_SESSION', resolution: { kind: 'noOutcome' }, then: 'TIMEOUT' },
    { given: 'a charger no edge holds', command: 'START_SESSION', resolution: { kind: 'notPickedUp' }, then: 'FAILED' },
    { given: 'a command the version cannot express', command: 'STOP_SESSION', resolution: undeliverable('unsupported_by_version'), then: 'NOT_SUPPORTED' },
    { given: 'parameters the edge refused', command: 'RESERVE_NOW', resolution: undeliverable('invalid_parameters'), then: 'REJECTED' },
    { given: 'a charger that disconnected', command: 'UNLOCK_CONNECTOR', resolution: undeliverable('not_connected'), then: 'FAILED' },
  ];
  it.each(table)('given $given, then $then', ({ command, resolution, then }) => {
    const result = commandResultOf(command, resolution);
    expect(result.result).toBe(then);
    expect(result.message?.[0]?.language).toBe('en');
  });
});
