import type { BusRecord, EventBus } from '../../core/bus/event-bus.ts';

/**
 * Reads a topic from its first record up to the end it had when the read began, then stops. Used for
 * what a projector must know before it goes live: the outputs already written.
 */
export async function readTopicToEnd(bus: EventBus, topic: string, group: string, onRecord: (record: BusRecord) => Promise<void>): Promise<void> {
  const ends = new Map((await bus.endOffsets(topic)).filter((partition) => partition.offset > 0).map((p) => [p.partition, p.offset]));
  if (ends.size === 0) return;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  await bus.seekGroup(group, topic, { kind: 'earliest' });
  const subscription = await bus.subscribe({
    group,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      const end = ends.get(record.partition);
      if (end === undefined || record.offset >= end) return;
      await onRecord(record);
      if (record.offset + 1 >= end) ends.delete(record.partition);
      if (ends.size === 0) finish();
    },
  });
  await done;
  await subscription.stop();
}

/** Tracks when a subscription has consumed everything that was in its topics when it started. */
export class CatchUp {
  private readonly remaining: Map<string, number>;

  private constructor(remaining: Map<string, number>) {
    this.remaining = remaining;
  }

  static async of(bus: EventBus, topics: readonly string[]): Promise<CatchUp> {
    const remaining = new Map<string, number>();
    for (const topic of topics) {
      for (const { partition, offset } of await bus.endOffsets(topic)) {
        if (offset > 0) remaining.set(`${topic}/${partition}`, offset);
      }
    }
    return new CatchUp(remaining);
  }

  get done(): boolean {
    return this.remaining.size === 0;
  }

  /** True while the record was already in the topic at start. */
  isBacklog(record: BusRecord): boolean {
    const end = this.remaining.get(`${record.topic}/${record.partition}`);
    return end !== undefined && record.offset < end;
  }

  consumed(record: BusRecord): void {
    const id = `${record.topic}/${record.partition}`;
    const end = this.remaining.get(id);
    if (end !== undefined && record.offset + 1 >= end) this.remaining.delete(id);
  }
}
