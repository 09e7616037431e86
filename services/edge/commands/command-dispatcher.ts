import type { EventBus } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Clock } from '../../core/clock.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { CommandOutcomeWaiter, CommandResolution } from './command-outcome-waiter.ts';
import type { CommandName } from './command-parameters.ts';
import { commandEventToWire, commandIdHeader, commandRequestToWire } from './command-wire.ts';

export interface CommandDispatcherDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly clock: Clock;
  readonly waiter: CommandOutcomeWaiter;
  readonly instanceId: string;
  readonly newId: () => string;
  /** How long a command may wait for the instance holding the charger's socket to pick it up. */
  readonly deliveryWindowMs: number;
}

export interface CommandDispatch {
  readonly chargerId: string;
  readonly name: CommandName;
  /** Already accepted by parseCommand: the acting instance reads them again with the same schema. */
  readonly parameters: unknown;
  /** How long the charger may take to answer once the command is sent. */
  readonly timeoutMs: number;
  /** Who asked ('admin-api', 'ocpi:NL/TNM'), kept on the command record. */
  readonly requestedBy: string;
}

export interface DispatchedCommand {
  readonly commandId: string;
  readonly resolution: CommandResolution;
}

export interface CommandDispatcher {
  /** Appends the command to switchyard.ocpp.commands and resolves with how it ended. */
  dispatch(command: CommandDispatch): Promise<DispatchedCommand>;
  /** The longest a dispatch can take: the delivery window plus the answer timeout. */
  longestWaitMs(timeoutMs: number): number;
}

/**
 * Sends a command the way every caller does (the admin API, the OCPI commands module in its own
 * process): listen for its outcome first, then append it, then wait. A command nobody picked up is
 * recorded as undeliverable, so the charger's event history says why nothing happened.
 */
export function createCommandDispatcher(deps: CommandDispatcherDeps): CommandDispatcher {
  const { bus, serde, clock } = deps;

  const recordNotConnected = async (chargerId: string, commandId: string): Promise<void> => {
    const at = clock.now();
    const wire = commandEventToWire(
      'io.switchyard.ocpp.CommandUndeliverable',
      { command_id: commandId, reason: 'not_connected', detail: 'no edge instance holds a connection to this charger' },
      { chargerId, commandId, connectionId: null, eventId: deps.newId(), instanceId: deps.instanceId, at },
    );
    await bus.append([{ topic: topics.ocppEvents, key: chargerId, value: await serde.encode(topics.ocppEvents, wire), headers: { [commandIdHeader]: commandId }, timestamp: at }]);
  };

  return {
    async dispatch(command) {
      const commandId = deps.newId();
      const expiresAt = clock.now() + deps.deliveryWindowMs;
      const wait = deps.waiter.expect(commandId, expiresAt, command.timeoutMs);
      await wait.listening;
      const wire = commandRequestToWire(
        { commandId, chargerId: command.chargerId, name: command.name, parameters: command.parameters, timeoutMs: command.timeoutMs, expiresAt, requestedBy: command.requestedBy },
        { eventId: deps.newId(), instanceId: deps.instanceId, at: clock.now() },
      );
      await bus.append([
        { topic: topics.ocppCommands, key: command.chargerId, value: await serde.encode(topics.ocppCommands, wire), headers: { [commandIdHeader]: commandId } },
      ]);
      const resolution = await wait.resolution;
      if (resolution.kind === 'notPickedUp') await recordNotConnected(command.chargerId, commandId);
      return { commandId, resolution };
    },
    longestWaitMs: (timeoutMs) => deps.deliveryWindowMs + timeoutMs,
  };
}
