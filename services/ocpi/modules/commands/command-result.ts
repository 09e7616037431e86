import type { CommandResolution } from '../../../edge/commands/command-outcome-waiter.ts';
import type { CommandType } from './command-requests.ts';

export type CommandResultType =
  | 'ACCEPTED'
  | 'CANCELED_RESERVATION'
  | 'EVSE_OCCUPIED'
  | 'EVSE_INOPERATIVE'
  | 'FAILED'
  | 'NOT_SUPPORTED'
  | 'REJECTED'
  | 'TIMEOUT'
  | 'UNKNOWN_RESERVATION';

export interface DisplayText {
  readonly language: string;
  readonly text: string;
}

/** The OCPI CommandResult object POSTed to the eMSP's response_url. */
export interface CommandResult {
  readonly result: CommandResultType;
  readonly message?: readonly DisplayText[];
}

const withMessage = (result: CommandResultType, text: string): CommandResult => ({ result, message: [{ language: 'en', text }] });

/** Refusal words that say more than "rejected": the EVSE is busy or broken, the unlock failed mechanically. */
const refusalResults: Readonly<Record<string, CommandResultType>> = {
  Occupied: 'EVSE_OCCUPIED',
  OngoingAuthorizedTransaction: 'EVSE_OCCUPIED',
  Faulted: 'EVSE_INOPERATIVE',
  Unavailable: 'EVSE_INOPERATIVE',
  UnlockFailed: 'FAILED',
};

/** CALLERRORs that mean the charger does not implement the action. */
const unsupportedErrorCodes = new Set(['NotImplemented', 'NotSupported']);

function answeredResult(command: CommandType, event: Extract<CommandResolution, { kind: 'answered' }>['event']): CommandResult {
  const said = `the charger answered ${event.action} with ${event.status_raw ?? event.error_code ?? event.outcome}`;
  switch (event.outcome) {
    case 'ACCEPTED':
    case 'SCHEDULED':
      return withMessage('ACCEPTED', said);
    case 'REJECTED': {
      const specific = event.status_raw === null ? undefined : refusalResults[event.status_raw];
      if (specific !== undefined) return withMessage(specific, said);
      // OCPP CancelReservation answers Rejected exactly when it has no such reservation.
      return withMessage(command === 'CANCEL_RESERVATION' ? 'UNKNOWN_RESERVATION' : 'REJECTED', said);
    }
    case 'NOT_SUPPORTED':
      return withMessage('NOT_SUPPORTED', said);
    case 'CALL_ERROR':
      return withMessage(event.error_code !== null && unsupportedErrorCodes.has(event.error_code) ? 'NOT_SUPPORTED' : 'FAILED', said);
    case 'UNKNOWN':
      return withMessage('FAILED', said);
    default: {
      const unreachable: never = event.outcome;
      return unreachable;
    }
  }
}

/** What the eMSP learns about a command the charger was asked to carry out. */
export function commandResultOf(command: CommandType, resolution: CommandResolution): CommandResult {
  switch (resolution.kind) {
    case 'answered':
      return answeredResult(command, resolution.event);
    case 'timedOut':
      return withMessage('TIMEOUT', `the charger did not answer ${resolution.event.action} within ${resolution.event.timeout_ms} ms`);
    case 'noOutcome':
      return withMessage('TIMEOUT', 'the command was sent, but no answer arrived in time');
    case 'notPickedUp':
      return withMessage('FAILED', 'the charger is not connected');
    case 'undeliverable': {
      const { reason, detail } = resolution.event;
      const text = detail ?? reason;
      if (reason === 'unsupported_by_version') return withMessage('NOT_SUPPORTED', text);
      if (reason === 'invalid_parameters') return withMessage('REJECTED', text);
      return withMessage('FAILED', text);
    }
    default: {
      const unreachable: never = resolution;
      return unreachable;
    }
  }
}
