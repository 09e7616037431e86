import type {
  CommandOutcome as WireCommandOutcome,
  OcppCommandEvent,
  OcppEvent,
  OcppEventPayloadBranches,
} from '../../core/events/generated-types.ts';
import { wrapUnion } from '../../core/events/union.ts';
import type { CommandOutcome } from '../normalize/commands/command-outcome.ts';
import { edgeEnvelope } from '../server/envelope.ts';
import type { CommandName } from './command-parameters.ts';

/** Outcome records carry the command id in a header, so waiters can skip every other event undecoded. */
export const commandIdHeader = 'x-switchyard-command-id';

export interface CommandStamp {
  readonly eventId: string;
  readonly instanceId: string;
  readonly chargerId: string;
  readonly commandId: string;
  readonly at: number;
  readonly connectionId: string | null;
}

export interface CommandRequest {
  readonly commandId: string;
  readonly chargerId: string;
  readonly name: CommandName;
  /** The API body as accepted (JSON), re-read with the same schema by the instance that acts. */
  readonly parameters: unknown;
  readonly timeoutMs: number;
  readonly expiresAt: number;
  readonly requestedBy: string | null;
}

export function commandRequestToWire(request: CommandRequest, stamp: Omit<CommandStamp, 'commandId' | 'chargerId' | 'connectionId'>): OcppCommandEvent {
  return {
    envelope: edgeEnvelope({
      eventId: stamp.eventId,
      key: request.chargerId,
      recordedAt: stamp.at,
      instanceId: stamp.instanceId,
      correlationId: request.commandId,
    }),
    payload: {
      command_id: request.commandId,
      command: request.name,
      parameters_json: JSON.stringify(request.parameters ?? {}),
      timeout_ms: request.timeoutMs,
      expires_at: request.expiresAt,
      requested_by: request.requestedBy,
    },
  };
}

type Branches = OcppEventPayloadBranches;
type CommandBranch = 'io.switchyard.ocpp.CommandSent' | 'io.switchyard.ocpp.CommandAnswered' | 'io.switchyard.ocpp.CommandTimedOut' | 'io.switchyard.ocpp.CommandUndeliverable';

export function commandEventToWire<K extends CommandBranch>(kind: K, value: Branches[K], stamp: CommandStamp): OcppEvent {
  return {
    envelope: edgeEnvelope({
      eventId: stamp.eventId,
      key: stamp.chargerId,
      recordedAt: stamp.at,
      instanceId: stamp.instanceId,
      connectionId: stamp.connectionId,
      correlationId: stamp.commandId,
    }),
    payload: wrapUnion<Branches, K>(kind, value),
  };
}

export function wireOutcomeOf(outcome: CommandOutcome): WireCommandOutcome {
  switch (outcome.status) {
    case 'Accepted':
      return 'ACCEPTED';
    case 'Scheduled':
      return 'SCHEDULED';
    case 'Rejected':
      return 'REJECTED';
    case 'NotSupported':
      return 'NOT_SUPPORTED';
    case 'CallError':
      return 'CALL_ERROR';
    case 'Unknown':
      return 'UNKNOWN';
    default: {
      const unreachable: never = outcome.status;
      throw new Error(`unknown command status ${String(unreachable)}`);
    }
  }
}
