import type { LogStore } from './log-store.ts';
import type { PartitionLog, TopicLog } from './topic-logs.ts';

/** Records deleted per lmdb transaction, so a long-overdue sweep does not hold the writer for long. */
const deletionsPerTransaction = 10_000;

/**
 * Deletes, for every delete-policy topic with a finite retention, the prefix of each partition whose
 * records are older than `now - retentionMs`, and moves the log start past it. The prefix ends at the
 * first record still within retention, so out-of-order timestamps keep records longer, never shorter
 * (Kafka, deleting whole segments, errs the same way). Offsets are never reused.
 */
export async function enforceRetention(store: LogStore, topics: readonly TopicLog[], now: number): Promise<number> {
  let deleted = 0;
  for (const { spec, partitions } of topics) {
    if (spec.cleanupPolicy !== 'delete' || spec.retentionMs < 0) continue;
    for (const log of partitions) deleted += await truncateExpired(store, log, now - spec.retentionMs);
  }
  return deleted;
}

async function truncateExpired(store: LogStore, log: PartitionLog, cutoff: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const end = store.checkpointedEnd(log.topic, log.partition, log.nextOffset);
    const candidates = store.readRecords(log.topic, log.partition, log.logStart, end, deletionsPerTransaction);
    const firstKept = candidates.findIndex((record) => record.timestamp >= cutoff);
    const expired = firstKept < 0 ? candidates : candidates.slice(0, firstKept);
    if (expired.length === 0) return deleted;
    const newStart = (expired.at(-1)?.offset ?? log.logStart) + 1;
    await store.write((writer) => {
      writer.removeRecords(log.topic, log.partition, new Set(expired.map((record) => record.offset)));
      writer.putLogStart(log.topic, log.partition, newStart);
    });
    log.logStart = newStart;
    deleted += expired.length;
  }
}
