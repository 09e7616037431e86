import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { systemClock } from '../../services/core/clock.ts';
import { openEmbeddedEventBus } from '../../services/core/bus/embedded/embedded-event-bus.ts';
import { deadLetterTopicOf, type EventBus } from '../../services/core/bus/event-bus.ts';
import { describeEventBusContract, type EventBusHarness } from './event-bus.contract.ts';

let directory = '';
let topicCount = 0;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-embedded-bus-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const openBuses = new Set<EventBus>();

/** Tracks open buses so a topic created mid-case reaches them too (each bus caches the topics it knows). */
function openBus(): EventBus {
  const bus = openEmbeddedEventBus({ path: join(directory, 'log'), catalogue: [], clock: systemClock });
  openBuses.add(bus);
  const close = bus.close.bind(bus);
  bus.close = async () => {
    openBuses.delete(bus);
    await close();
  };
  return bus;
}

const harness: EventBusHarness = {
  newBus: async () => openBus(),
  uniqueTopic: async (partitions) => {
    topicCount += 1;
    const name = `contract.t${topicCount}`;
    const specs = [
      { name, partitions, cleanupPolicy: 'delete', retentionMs: -1 },
      { name: deadLetterTopicOf(name), partitions: 1, cleanupPolicy: 'delete', retentionMs: -1 },
    ] as const;
    if (openBuses.size === 0) {
      // Topic specs persist in the log, so a bus opened later on this directory sees them.
      const bus = openBus();
      await bus.ensureTopics(specs);
      await bus.close();
    }
    for (const bus of openBuses) await bus.ensureTopics(specs);
    return name;
  },
};

describeEventBusContract('embedded lmdb log', harness);
