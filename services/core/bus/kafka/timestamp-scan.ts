import { randomUUID } from 'node:crypto';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import type { PartitionOffset } from '../event-bus.ts';
import { consumerConfig, type ConsumerTuning } from './consumer-tuning.ts';
import { busError, translatingErrors } from './kafka-errors.ts';
import type { PartitionBounds, TimestampLookup } from './timestamp-lookup.ts';

/**
 * The timestamp lookup done by reading: for a cluster without ListOffsets by time (librdkafka's mock),
 * a throwaway group member reads every partition from its start until it meets a record at or after
 * the timestamp. Linear in the topic's size, so it is opt-in and meant for small test clusters.
 */
export function scanningTimestampLookup(kafka: Kafka, tuning: ConsumerTuning): TimestampLookup {
  return {
    offsetsAt: async (topic, timestamp, bounds) => {
      const pending = new Map(bounds.filter(({ low, high }) => high > low).map((bound) => [bound.partition, bound]));
      const found = new Map<number, number>();
      if (pending.size > 0) await scan(kafka, tuning, `switchyard.timestamp-scan.${randomUUID()}`, topic, timestamp, pending, found);
      return bounds.map(({ partition, high }): PartitionOffset => ({ partition, offset: found.get(partition) ?? high }));
    },
  };
}

async function scan(
  kafka: Kafka,
  tuning: ConsumerTuning,
  group: string,
  topic: string,
  timestamp: number,
  pending: Map<number, PartitionBounds>,
  found: Map<number, number>,
): Promise<void> {
  const consumer = kafka.consumer(consumerConfig(group, tuning));
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(busError('bus.seek_failed', `scan of ${topic} stopped`, payload.error));
    });
  });
  const onBatch = async ({ batch, isRunning }: EachBatchPayload): Promise<void> => {
    const bound = pending.get(batch.partition);
    if (!bound) return;
    for (const message of batch.messages) {
      if (!isRunning()) return;
      const offset = Number(message.offset);
      if (Number(message.timestamp) >= timestamp || offset >= bound.high - 1) {
        if (Number(message.timestamp) >= timestamp) found.set(batch.partition, offset);
        pending.delete(batch.partition);
        if (pending.size === 0) finish();
        return;
      }
    }
  };
  try {
    await translatingErrors('bus.seek_failed', `cannot scan ${topic} for timestamp ${timestamp}`, async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch: onBatch });
      await finished;
    });
  } finally {
    await consumer.disconnect();
  }
}
