import type { JournaledBatch } from './journal/journal-entry.ts';
import type { LogWriter } from './log-store.ts';
import { concatBatches, encodeBatch, type StoredRecord } from './record-codec.ts';

/** The partition's running maximum timestamp first reached `maxTimestamp` at `offset`. */
export interface TimeIndexEntry {
  readonly maxTimestamp: number;
  readonly offset: number;
}

/** A compacted topic's key now ends at `offset`; undefined: a tombstone removed it. */
export interface LatestChange {
  readonly key: string;
  readonly offset: number | undefined;
}

/** One append's records on one partition, encoded once, with the index updates they imply. */
export interface AppendedBatch extends JournaledBatch {
  readonly lastOffset: number;
  readonly timeIndex: readonly TimeIndexEntry[];
  readonly latest: readonly LatestChange[];
}

/**
 * Builds the batch of `records` (non-empty, in offset order) appended after a partition whose running
 * maximum timestamp was `previousMaxTimestamp`, and returns the new maximum.
 */
export function appendedBatch(
  topic: string,
  partition: number,
  compacted: boolean,
  records: readonly StoredRecord[],
  previousMaxTimestamp: number,
): { batch: AppendedBatch; maxTimestamp: number } {
  const first = records[0];
  const last = records.at(-1);
  if (first === undefined || last === undefined) throw new Error(`empty batch for ${topic}/${partition}`);
  const timeIndex: TimeIndexEntry[] = [];
  let maxTimestamp = previousMaxTimestamp;
  for (const record of records) {
    if (record.timestamp <= maxTimestamp) continue;
    maxTimestamp = record.timestamp;
    timeIndex.push({ maxTimestamp, offset: record.offset });
  }
  const latest = compacted ? records.map((record) => ({ key: record.key, offset: record.value === null ? undefined : record.offset })) : [];
  const batch: AppendedBatch = {
    topic,
    partition,
    baseOffset: first.offset,
    lastOffset: last.offset,
    bytes: encodeBatch(first.offset, records),
    timeIndex,
    latest,
  };
  return { batch, maxTimestamp };
}

/** Writes a batch and its index updates; writing it again changes nothing (journal replay relies on it). */
export function writeAppendedBatch(writer: LogWriter, batch: AppendedBatch): void {
  const { topic, partition } = batch;
  writer.putRecords(topic, partition, batch.baseOffset, batch.bytes);
  for (const { maxTimestamp, offset } of batch.timeIndex) writer.putTimeIndex(topic, partition, maxTimestamp, offset);
  for (const { key, offset } of batch.latest) {
    if (offset === undefined) writer.removeLatest(topic, key);
    else writer.putLatest(topic, key, { partition, offset });
  }
}

/** `batches` grouped by topic and partition, each group in append order. */
export function byPartition(batches: readonly AppendedBatch[]): AppendedBatch[][] {
  const byTopic = new Map<string, Map<number, AppendedBatch[]>>();
  for (const batch of batches) {
    let partitions = byTopic.get(batch.topic);
    if (partitions === undefined) {
      partitions = new Map();
      byTopic.set(batch.topic, partitions);
    }
    const partitionBatches = partitions.get(batch.partition);
    if (partitionBatches === undefined) partitions.set(batch.partition, [batch]);
    else partitionBatches.push(batch);
  }
  return [...byTopic.values()].flatMap((partitions) => [...partitions.values()]);
}

/**
 * What a checkpoint writes for one partition: one batch holding all of `batches` (in append order) and
 * at most one time-index entry, keyed by the maximum timestamp the batches reached, pointing at the first
 * offset where the running maximum grew. A lookup scans from there (`LogStore.offsetForTimestamp`), so
 * the index stays exact with one lmdb write per partition instead of one per append: a checkpoint's
 * writes are issued on the event loop, and thousands of them delayed the appends behind it.
 */
export function mergedBatch(batches: readonly AppendedBatch[]): AppendedBatch {
  const first = batches[0];
  const last = batches.at(-1);
  if (first === undefined || last === undefined) throw new Error('no batch to merge');
  let firstGrowth: TimeIndexEntry | undefined;
  let lastGrowth: TimeIndexEntry | undefined;
  const latest = new Map<string, number | undefined>();
  for (const batch of batches) {
    firstGrowth ??= batch.timeIndex[0];
    lastGrowth = batch.timeIndex.at(-1) ?? lastGrowth;
    for (const { key, offset } of batch.latest) latest.set(key, offset);
  }
  return {
    topic: first.topic,
    partition: first.partition,
    baseOffset: first.baseOffset,
    lastOffset: last.lastOffset,
    bytes: concatBatches(batches),
    timeIndex: firstGrowth === undefined || lastGrowth === undefined ? [] : [{ maxTimestamp: lastGrowth.maxTimestamp, offset: firstGrowth.offset }],
    latest: [...latest].map(([key, offset]) => ({ key, offset })),
  };
}
