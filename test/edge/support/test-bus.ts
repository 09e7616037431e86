import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendReceipt, AppendRequest, EventBus } from '../../../services/core/bus/event-bus.ts';
import { openEmbeddedEventBus } from '../../../services/core/bus/embedded/embedded-event-bus.ts';
import { topicCatalogue } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';

/**
 * The embedded lmdb log, with one test lever: appends can be made to fail, to show what the edge does
 * when the log is unavailable. Everything else goes straight through.
 */
export class FaultyBus implements EventBus {
  failAppends: ((requests: readonly AppendRequest[]) => boolean) | null = null;

  constructor(private readonly inner: EventBus) {}

  append(records: readonly AppendRequest[]): Promise<AppendReceipt[]> {
    if (this.failAppends?.(records) === true) return Promise.reject(new Error('append refused by the test'));
    return this.inner.append(records);
  }

  subscribe: EventBus['subscribe'] = (options) => this.inner.subscribe(options);
  seekGroup: EventBus['seekGroup'] = (group, topic, target) => this.inner.seekGroup(group, topic, target);
  endOffsets: EventBus['endOffsets'] = (topic) => this.inner.endOffsets(topic);
  lag: EventBus['lag'] = (group, topic) => this.inner.lag(group, topic);
  ensureTopics: EventBus['ensureTopics'] = (specs) => this.inner.ensureTopics(specs);
  close: EventBus['close'] = () => this.inner.close();
}

export async function openTestBus(): Promise<{ bus: FaultyBus; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'switchyard-edge-log-'));
  const bus = new FaultyBus(openEmbeddedEventBus({ path, catalogue: topicCatalogue, clock: systemClock, durability: 'noSync' }));
  await bus.ensureTopics(topicCatalogue);
  return {
    bus,
    cleanup: async () => {
      await bus.close();
      await rm(path, { recursive: true, force: true });
    },
  };
}
