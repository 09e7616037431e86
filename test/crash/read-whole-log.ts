import type { BusRecord, EventBus, PartitionOffset } from '../../services/core/bus/event-bus.ts';

/** Every record of `topic` up to its current end offsets, as a new consumer group reads them. */
export async function readWholeLog(bus: EventBus, topic: string, group: string): Promise<{ ends: PartitionOffset[]; records: BusRecord[] }> {
  const ends = await bus.endOffsets(topic);
  const records: BusRecord[] = [];
  const subscription = await bus.subscribe({
    group,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      records.push(record);
    },
  });
  const total = ends.reduce((sum, end) => sum + end.offset, 0);
  const deadline = Date.now() + 30_000;
  while (records.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await subscription.stop();
  return { ends, records };
}
