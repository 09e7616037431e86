import { open, type Database, type RootDatabase } from 'lmdb';
import type { BusRecord, CleanupPolicy, TopicSpec } from '../event-bus.ts';
import { decodeBatch, encodeBatch, readBatch, type RecordFactory, type StoredRecord } from './record-codec.ts';

/**
 * How a commit reaches the disk. `sync`: every lmdb commit is fsync'ed before its writes resolve, so an
 * acknowledged append survives a process crash and a power loss. `noSync`: commits are never fsync'ed;
 * a process crash loses nothing (the OS still holds the pages), an OS crash or power loss can lose the
 * last acknowledged appends. See README.md.
 */
export type Durability = 'sync' | 'noSync';

export interface RecordPosition {
  readonly partition: number;
  readonly offset: number;
}

/**
 * Writes issued in one `LogStore.write` call. lmdb batches every write issued in one event turn into one
 * transaction, so the writer is synchronous on purpose: no await can split a batch.
 */
export interface LogWriter {
  /** Stores records of one partition, in offset order, as one batch. */
  putRecords(topic: string, partition: number, records: readonly StoredRecord[]): void;
  /** Rewrites the batches holding `offsets` without them (call at most once per partition per write). */
  removeRecords(topic: string, partition: number, offsets: ReadonlySet<number>): void;
  /** First offset whose timestamp reached `maxTimestamp` (the partition's running maximum). */
  putTimeIndex(topic: string, partition: number, maxTimestamp: number, offset: number): void;
  putLatest(topic: string, key: string, position: RecordPosition): void;
  removeLatest(topic: string, key: string): void;
  putCommittedOffset(group: string, topic: string, partition: number, nextOffset: number): void;
  putLogStart(topic: string, partition: number, offset: number): void;
  putTopic(spec: TopicSpec): void;
}

type BatchKey = [topic: string, partition: number, baseOffset: number];
type TimeIndexKey = [topic: string, partition: number, maxTimestamp: number];
type LatestKey = [topic: string, key: string];
type CommittedKey = [group: string, topic: string, partition: number];
type LogStartKey = [topic: string, partition: number];
type StoredTopic = [partitions: number, cleanupPolicy: CleanupPolicy, retentionMs: number];

interface StoredBatch {
  readonly baseOffset: number;
  readonly records: StoredRecord[];
}

const beyondAnyOffset = Number.MAX_SAFE_INTEGER;
/** A Unicode noncharacter: sorts after every key the adapter accepts on a compacted topic (see validation). */
export const afterEveryKey = '\u{10FFFF}';

/**
 * The lmdb layout of the embedded log. One environment, one named database per concern, keys ordered so
 * a partition is a contiguous range:
 * - records    [topic, partition, baseOffset]    → a batch of records (record-codec.ts)
 * - timeIndex  [topic, partition, maxTimestamp]  → offset (only when the running maximum grows)
 * - latest     [topic, key]                      → [partition, offset] (compacted topics)
 * - committed  [group, topic, partition]         → next offset to read
 * - logStart   [topic, partition]                → first retained offset (after retention deleted some)
 * - topics     topic                             → [partitions, cleanupPolicy, retentionMs]
 */
export class LogStore {
  private readonly records: Database<Uint8Array, BatchKey>;
  private readonly timeIndex: Database<number, TimeIndexKey>;
  private readonly latest: Database<[number, number], LatestKey>;
  private readonly committed: Database<number, CommittedKey>;
  private readonly logStarts: Database<number, LogStartKey>;
  private readonly topicSpecs: Database<StoredTopic, string>;

  private constructor(private readonly env: RootDatabase) {
    this.records = env.openDB('records', { encoding: 'binary' });
    this.timeIndex = env.openDB('timeIndex', {});
    this.latest = env.openDB('latest', {});
    this.committed = env.openDB('committed', {});
    this.logStarts = env.openDB('logStart', {});
    this.topicSpecs = env.openDB('topics', {});
  }

  static open(path: string, durability: Durability): LogStore {
    const syncOptions = durability === 'sync' ? { overlappingSync: false } : { noSync: true };
    return new LogStore(open({ path, maxDbs: 8, ...syncOptions }));
  }

  /** Applies every write of `batch` in one lmdb transaction and resolves once it is committed (and synced). */
  async write(batch: (writer: LogWriter) => void): Promise<void> {
    const commits = new Set<Promise<boolean>>();
    const track = (commit: Promise<boolean>): void => {
      commits.add(commit);
    };
    batch({
      putRecords: (topic, partition, records) => {
        const baseOffset = records[0]?.offset;
        if (baseOffset !== undefined) track(this.records.put([topic, partition, baseOffset], encodeBatch(baseOffset, records)));
      },
      removeRecords: (topic, partition, offsets) => {
        for (const { baseOffset, records } of this.batchesHolding(topic, partition, offsets)) {
          const kept = records.filter((record) => !offsets.has(record.offset));
          if (kept.length === records.length) continue;
          track(
            kept.length === 0
              ? this.records.remove([topic, partition, baseOffset])
              : this.records.put([topic, partition, baseOffset], encodeBatch(baseOffset, kept)),
          );
        }
      },
      putTimeIndex: (topic, partition, maxTimestamp, offset) =>
        track(this.timeIndex.put([topic, partition, maxTimestamp], offset)),
      putLatest: (topic, key, position) => track(this.latest.put([topic, key], [position.partition, position.offset])),
      removeLatest: (topic, key) => track(this.latest.remove([topic, key])),
      putCommittedOffset: (group, topic, partition, nextOffset) =>
        track(this.committed.put([group, topic, partition], nextOffset)),
      putLogStart: (topic, partition, offset) => track(this.logStarts.put([topic, partition], offset)),
      putTopic: (spec) => track(this.topicSpecs.put(spec.name, [spec.partitions, spec.cleanupPolicy, spec.retentionMs])),
    });
    await Promise.all(commits);
  }

  readRecords(topic: string, partition: number, fromOffset: number, toOffset: number, limit: number): BusRecord[] {
    const records: BusRecord[] = [];
    const wanted = (offset: number): boolean => offset < toOffset && records.length < limit;
    const busRecord: RecordFactory<BusRecord> = (offset, key, value, headers, timestamp) => ({
      topic,
      partition,
      offset,
      key,
      value,
      headers,
      timestamp,
    });
    for (const { baseOffset, bytes } of this.storedBatchesFrom(topic, partition, fromOffset)) {
      if (baseOffset >= toOffset || !readBatch(baseOffset, bytes, fromOffset, wanted, busRecord, records)) break;
    }
    return records;
  }

  readRecord(topic: string, partition: number, offset: number): BusRecord | undefined {
    return this.readRecords(topic, partition, offset, offset + 1, 1)[0];
  }

  /** The offset after the last stored record, or undefined when the partition holds none. */
  endOfRecords(topic: string, partition: number): number | undefined {
    for (const { key, value } of this.records.getRange({
      start: [topic, partition, beyondAnyOffset],
      end: [topic, partition, -1],
      reverse: true,
      limit: 1,
    })) {
      const last = decodeBatch(key[2], value).at(-1);
      return last === undefined ? undefined : last.offset + 1;
    }
    return undefined;
  }

  /** The partition's highest timestamp so far, from the last time-index entry. */
  maxTimestamp(topic: string, partition: number): number | undefined {
    for (const key of this.timeIndex.getKeys({
      start: [topic, partition, Number.MAX_VALUE],
      end: [topic, partition, -Number.MAX_VALUE],
      reverse: true,
      limit: 1,
    })) {
      return key[2];
    }
    return undefined;
  }

  /** The earliest offset whose timestamp is >= `timestamp`, or undefined when none is. */
  offsetForTimestamp(topic: string, partition: number, timestamp: number): number | undefined {
    for (const { value } of this.timeIndex.getRange({
      start: [topic, partition, timestamp],
      end: [topic, partition, Number.MAX_VALUE],
      inclusiveEnd: true,
      limit: 1,
    })) {
      return value;
    }
    return undefined;
  }

  committedOffset(group: string, topic: string, partition: number): number | undefined {
    return this.committed.get([group, topic, partition]);
  }

  logStart(topic: string, partition: number): number | undefined {
    return this.logStarts.get([topic, partition]);
  }

  latestPosition(topic: string, key: string): RecordPosition | undefined {
    const position = this.latest.get([topic, key]);
    return position === undefined ? undefined : { partition: position[0], offset: position[1] };
  }

  /** Every live key of a compacted topic with its latest position, in key order. */
  latestPositions(topic: string): Array<{ key: string; position: RecordPosition }> {
    const entries: Array<{ key: string; position: RecordPosition }> = [];
    for (const { key, value } of this.latest.getRange({ start: [topic, ''], end: [topic, afterEveryKey] })) {
      entries.push({ key: key[1], position: { partition: value[0], offset: value[1] } });
    }
    return entries;
  }

  storedTopics(): TopicSpec[] {
    const specs: TopicSpec[] = [];
    for (const { key, value } of this.topicSpecs.getRange({})) {
      specs.push({ name: key, partitions: value[0], cleanupPolicy: value[1], retentionMs: value[2] });
    }
    return specs;
  }

  /** The batches from the one holding `fromOffset` (the last starting at or before it) onwards. */
  private *batchesFrom(topic: string, partition: number, fromOffset: number): Generator<StoredBatch> {
    for (const { baseOffset, bytes } of this.storedBatchesFrom(topic, partition, fromOffset)) {
      yield { baseOffset, records: decodeBatch(baseOffset, bytes) };
    }
  }

  /** As `batchesFrom`, undecoded: the bytes are lmdb's and valid until the iteration moves on. */
  private *storedBatchesFrom(topic: string, partition: number, fromOffset: number): Generator<{ baseOffset: number; bytes: Uint8Array }> {
    let start = fromOffset;
    for (const key of this.records.getKeys({
      start: [topic, partition, fromOffset],
      end: [topic, partition, -1],
      reverse: true,
      limit: 1,
    })) {
      start = key[2];
    }
    for (const { key, value } of this.records.getRange({
      start: [topic, partition, start],
      end: [topic, partition, beyondAnyOffset],
    })) {
      yield { baseOffset: key[2], bytes: value };
    }
  }

  private batchesHolding(topic: string, partition: number, offsets: ReadonlySet<number>): StoredBatch[] {
    let first = Infinity;
    let last = -Infinity;
    for (const offset of offsets) {
      first = Math.min(first, offset);
      last = Math.max(last, offset);
    }
    const batches: StoredBatch[] = [];
    if (offsets.size === 0) return batches;
    for (const batch of this.batchesFrom(topic, partition, first)) {
      if (batch.baseOffset > last) break;
      batches.push(batch);
    }
    return batches;
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
