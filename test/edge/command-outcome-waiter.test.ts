import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { startCommandOutcomeWaiter, type CommandOutcomeWaiter } from '../../services/edge/commands/command-outcome-waiter.ts';
import { commandEventToWire, commandIdHeader } from '../../services/edge/commands/command-wire.ts';
import { openTestWorld, type TestWorld } from './support/edge-harness.ts';

const lingerMs = 50;
const chargerId = 'CP-WAIT';

describe('the command outcome waiter', () => {
  let world: TestWorld;
  let waiter: CommandOutcomeWaiter;

  beforeEach(async () => {
    world = await openTestWorld();
    waiter = startCommandOutcomeWaiter({ bus: world.bus, serde: world.serde, instanceId: 'edge-wait', now: () => Date.now(), lingerMs });
  });

  afterEach(async () => {
    await waiter.stop();
    await world.cleanup();
  });

  const appendUndeliverable = async (commandId: string, detail: string): Promise<void> => {
    const wire = commandEventToWire(
      'io.switchyard.ocpp.CommandUndeliverable',
      { command_id: commandId, reason: 'not_connected', detail },
      { eventId: `01JZ${commandId.padStart(22, '0')}`, instanceId: 'edge-other', chargerId, commandId, at: Date.now(), connectionId: null },
    );
    await world.bus.append([
      { topic: topics.ocppEvents, key: chargerId, value: await world.serde.encode(topics.ocppEvents, wire), headers: { [commandIdHeader]: commandId } },
    ]);
  };

  const outcomeOf = async (commandId: string): Promise<unknown> => {
    const wait = waiter.expect(commandId, Date.now() + 5_000, 5_000);
    await wait.listening;
    await appendUndeliverable(commandId, `detail of ${commandId}`);
    return wait.resolution;
  };

  it('hands each outcome to its request, also when a request comes after reading stopped for lack of waiters', async () => {
    expect(await outcomeOf('1')).toMatchObject({ kind: 'undeliverable', event: { command_id: '1', detail: 'detail of 1' } });
    expect(await outcomeOf('2')).toMatchObject({ kind: 'undeliverable', event: { command_id: '2' } });
    await new Promise((resolve) => setTimeout(resolve, lingerMs * 4));
    expect(await outcomeOf('3')).toMatchObject({ kind: 'undeliverable', event: { command_id: '3', detail: 'detail of 3' } });
  });

  it('ignores outcomes of commands nobody waits for, and ends open waits with no outcome when stopped', async () => {
    const wait = waiter.expect('4', Date.now() + 5_000, 5_000);
    await wait.listening;
    await appendUndeliverable('5', 'not asked for');
    await waiter.stop();
    expect(await wait.resolution).toEqual({ kind: 'noOutcome' });
  });
});
