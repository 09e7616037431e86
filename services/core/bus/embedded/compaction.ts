import type { BusRecord } from '../event-bus.ts';
import type { LogStore } from './log-store.ts';
import type { PartitionLog, TopicLog } from './topic-logs.ts';

/** Records examined per lmdb transaction. */
const recordsPerPass = 10_000;

/**
 * Kafka's log cleaner for compacted topics: deletes every record a later record of the same key
 * superseded, and tombstones once they are older than `tombstoneRetentionMs` (Kafka's
 * `delete.retention.ms`, which gives consumers time to see the delete). Offsets keep their gaps. A
 * partition's last record always stays, as Kafka never cleans the active segment: it is what tells a
 * reopened log where the partition ends.
 */
export async function compactTopics(
  store: LogStore,
  topics: readonly TopicLog[],
  now: number,
  tombstoneRetentionMs: number,
): Promise<number> {
  let deleted = 0;
  for (const { spec, partitions } of topics) {
    if (spec.cleanupPolicy !== 'compact') continue;
    for (const log of partitions) deleted += await compactPartition(store, log, now - tombstoneRetentionMs);
  }
  return deleted;
}

async function compactPartition(store: LogStore, log: PartitionLog, tombstoneCutoff: number): Promise<number> {
  const isObsolete = (record: BusRecord): boolean => {
    const latest = store.latestPosition(record.topic, record.key);
    if (record.value === null) return latest !== undefined || record.timestamp < tombstoneCutoff;
    return latest === undefined || latest.partition !== record.partition || latest.offset !== record.offset;
  };
  let deleted = 0;
  let from = log.logStart;
  for (;;) {
    const lastRecord = store.checkpointedEnd(log.topic, log.partition, log.nextOffset) - 1;
    const records = store.readRecords(log.topic, log.partition, from, lastRecord, recordsPerPass);
    const last = records.at(-1);
    if (last === undefined) return deleted;
    // A newer append can only make more records obsolete, so deciding on this snapshot is safe.
    const obsolete = records.filter(isObsolete);
    if (obsolete.length > 0) {
      await store.write((writer) => {
        writer.removeRecords(log.topic, log.partition, new Set(obsolete.map((record) => record.offset)));
      });
    }
    deleted += obsolete.length;
    from = last.offset + 1;
  }
}
