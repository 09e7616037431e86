import type { Logger } from 'pino';
import type { BusRecord, EventBus, Subscription } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Clock } from '../../core/clock.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { OcppEventPayloadBranches } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { toCommandOutcome, type CommandAnswer } from '../normalize/commands/command-outcome.ts';
import { toOcppRequest } from '../normalize/commands/to-ocpp-request.ts';
import { validateCall, validateResult } from '../protocol/validate.ts';
import type { ChargerConnection } from '../server/charger-connection.ts';
import type { EdgeLog } from '../server/edge-log.ts';
import { isCommandName, parseCommand } from './command-parameters.ts';
import { commandEventToWire, commandIdHeader, wireOutcomeOf } from './command-wire.ts';

export interface CommandExecutorDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly log: EdgeLog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly instanceId: string;
  readonly newId: () => string;
  readonly connectionOf: (chargerId: string) => ChargerConnection | undefined;
}

export interface CommandExecutor {
  stop(): Promise<void>;
}

type CommandBranch = 'io.switchyard.ocpp.CommandSent' | 'io.switchyard.ocpp.CommandAnswered' | 'io.switchyard.ocpp.CommandTimedOut' | 'io.switchyard.ocpp.CommandUndeliverable';

/**
 * Every edge instance reads every command (its own consumer group) and carries out those for chargers
 * whose socket it holds; the others are some other instance's business. Outcomes go to the events
 * topic, correlated by command id, where the instance that took the API request waits for them.
 */
export async function startCommandExecutor(deps: CommandExecutorDeps): Promise<CommandExecutor> {
  const { bus, serde, log, clock, logger } = deps;
  const group = `switchyard.edge.commands.${deps.instanceId}`;
  const running = new Set<Promise<void>>();

  const record = async <K extends CommandBranch>(
    kind: K,
    value: OcppEventPayloadBranches[K],
    context: { chargerId: string; commandId: string; connectionId: string | null },
  ): Promise<void> => {
    const at = clock.now();
    const wire = commandEventToWire(kind, value, { ...context, eventId: deps.newId(), instanceId: deps.instanceId, at });
    const bytes = await serde.encode(topics.ocppEvents, wire);
    log.recordEncoded([{ topic: topics.ocppEvents, key: context.chargerId, value: bytes, headers: { [commandIdHeader]: context.commandId } }], at);
  };

  const execute = async (
    connection: ChargerConnection,
    commandId: string,
    name: string,
    parametersJson: string,
    timeoutMs: number,
    startBy: number | null,
  ): Promise<void> => {
    const { chargerId, connectionId, version } = connection.identity;
    const context = { chargerId, commandId, connectionId };
    const undeliverable = (reason: string, detail: string) =>
      record('io.switchyard.ocpp.CommandUndeliverable', { command_id: commandId, reason, detail }, context);

    const parsed = isCommandName(name) ? parseCommand(name, JSON.parse(parametersJson) as unknown) : { ok: false as const, problems: [`unknown command ${name}`] };
    if (!parsed.ok) return undeliverable('invalid_parameters', parsed.problems.join('; '));
    const request = toOcppRequest(version, parsed.command);
    if (!request.ok) return undeliverable('unsupported_by_version', request.reason);
    const check = validateCall(version, request.action, request.payload);
    if (!check.ok) return undeliverable('invalid_parameters', `${request.action}: ${check.error.description}`);

    let messageId = '';
    let answer: CommandAnswer;
    try {
      const outcome = await connection.call(request.action, request.payload, {
        timeoutMs,
        ...(startBy === null ? {} : { startBy }),
        onSent: (sentAs) => {
          messageId = sentAs;
          void record(
            'io.switchyard.ocpp.CommandSent',
            { command_id: commandId, action: request.action, message_id: sentAs, request_json: JSON.stringify(request.payload) },
            context,
          ).catch((error: unknown) => logger.error({ err: error, commandId }, 'recording CommandSent failed'));
        },
      });
      answer =
        outcome.kind === 'result'
          ? { kind: 'result', payload: outcome.payload }
          : { kind: 'error', errorCode: outcome.errorCode, errorDescription: outcome.errorDescription };
    } catch (error) {
      if (error instanceof SwitchyardError && error.code === 'edge.command-timeout') {
        return record('io.switchyard.ocpp.CommandTimedOut', { command_id: commandId, action: request.action, message_id: messageId, timeout_ms: timeoutMs }, context);
      }
      if (error instanceof SwitchyardError && error.code === 'edge.command-expired') {
        return undeliverable('expired', 'the charger was still busy with earlier commands when this one expired');
      }
      return undeliverable('not_connected', 'the charger disconnected before answering');
    }

    const answerCheck = answer.kind === 'result' ? validateResult(version, request.action, answer.payload) : { ok: true as const };
    const outcome = toCommandOutcome(version, parsed.command, answer);
    return record(
      'io.switchyard.ocpp.CommandAnswered',
      {
        command_id: commandId,
        action: request.action,
        message_id: messageId,
        // An answer that breaks its schema cannot be read with confidence: kept, but as UNKNOWN.
        outcome: answerCheck.ok ? wireOutcomeOf(outcome) : 'UNKNOWN',
        status_raw: answer.kind === 'result' ? outcome.ocppStatus : null,
        response_json: answer.kind === 'result' ? JSON.stringify(answer.payload) : null,
        error_code: answer.kind === 'error' ? answer.errorCode : answerCheck.ok ? null : answerCheck.error.code,
        error_description: answer.kind === 'error' ? answer.errorDescription : answerCheck.ok ? null : answerCheck.error.description,
      },
      context,
    );
  };

  const onRecord = async (busRecord: BusRecord): Promise<void> => {
    const connection = deps.connectionOf(busRecord.key);
    if (connection === undefined || busRecord.value === null) return;
    const { payload } = await serde.decode(topics.ocppCommands, busRecord.value);
    if (payload.expires_at !== null && clock.now() > payload.expires_at) return;
    // Carried out in the background: one slow charger must not hold up commands for the others.
    const work = execute(connection, payload.command_id, payload.command, payload.parameters_json, payload.timeout_ms, payload.expires_at)
      .catch((error: unknown) => logger.error({ err: error, commandId: payload.command_id }, 'carrying out a command failed'))
      .finally(() => running.delete(work));
    running.add(work);
  };

  // Commands issued while this instance was down are stale: it starts from now.
  await bus.seekGroup(group, topics.ocppCommands, { kind: 'latest' });
  const subscription: Subscription = await bus.subscribe({ group, topics: [topics.ocppCommands], from: 'latest', handler: onRecord });
  await subscription.ready;
  return {
    async stop() {
      await subscription.stop();
      await Promise.allSettled([...running]);
    },
  };
}
