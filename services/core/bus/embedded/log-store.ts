import { open, type Database, type RootDatabase } from 'lmdb';
import type { BusRecord, CleanupPolicy, TopicSpec } from '../event-bus.ts';
import { Memtable, type MemtableEntry } from './memtable.ts';
import { decodeBatch, encodeBatch, readBatch, type RecordFactory, type StoredRecord } from './record-codec.ts';

/**
 * How appends reach the disk. `sync`: an append is acknowledged once its journal entry is synced
 * (journal/append-journal.ts); lmdb commits crash-safely (lmdb-js overlappingSync) in background
 * checkpoints, so an acknowledged append survives a process crash and a power loss. `noSync`: no journal,
 * lmdb commits are never fsync'ed; a process crash loses nothing (the OS still holds the pages), an OS
 * crash or power loss can lose the last acknowledged appends. See README.md.
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
  /** Stores one batch of a partition's records (record-codec.ts `encodeBatch`) under its base offset. */
  putRecords(topic: string, partition: number, baseOffset: number, batch: Uint8Array): void;
  /** Rewrites the batches holding `offsets` without them (call at most once per partition per write). */
  removeRecords(topic: string, partition: number, offsets: ReadonlySet<number>): void;
  /** First offset whose timestamp reached `maxTimestamp` (the partition's running maximum). */
  putTimeIndex(topic: string, partition: number, maxTimestamp: number, offset: number): void;
  putLatest(topic: string, key: string, position: RecordPosition): void;
  removeLatest(topic: string, key: string): void;
  putCommittedOffset(group: string, topic: string, partition: number, nextOffset: number): void;
  putLogStart(topic: string, partition: number, offset: number): void;
  putTopic(spec: TopicSpec): void;
  /** The last journal entry this write holds (put it last: lmdb then holds every entry up to it). */
  putJournalSequence(sequence: number): void;
}

/** lmdb-js (with `separateFlushed`) gives a write's promise a `flushed` promise for its commit's sync. */
type LmdbCommit = Promise<boolean> & { readonly flushed?: Promise<boolean> };

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
const recordsPerTimestampScan = 500;
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
 * - meta       'journalSequence'                 → the last journal entry lmdb holds
 *
 * Journaled appends lmdb does not hold on disk yet stay in a memtable that every read merges.
 */
export class LogStore {
  private readonly records: Database<Uint8Array, BatchKey>;
  private readonly timeIndex: Database<number, TimeIndexKey>;
  private readonly latest: Database<[number, number], LatestKey>;
  private readonly committed: Database<number, CommittedKey>;
  private readonly logStarts: Database<number, LogStartKey>;
  private readonly topicSpecs: Database<StoredTopic, string>;
  private readonly meta: Database<number, string>;
  private readonly memtable = new Memtable();

  private constructor(private readonly env: RootDatabase) {
    this.records = env.openDB('records', { encoding: 'binary' });
    this.timeIndex = env.openDB('timeIndex', {});
    this.latest = env.openDB('latest', {});
    this.committed = env.openDB('committed', {});
    this.logStarts = env.openDB('logStart', {});
    this.topicSpecs = env.openDB('topics', {});
    this.meta = env.openDB('meta', {});
  }

  static open(path: string, durability: Durability): LogStore {
    const syncOptions = durability === 'sync' ? { overlappingSync: true, separateFlushed: true } : { noSync: true };
    return new LogStore(open({ path, maxDbs: 8, ...syncOptions }));
  }

  /**
   * Applies every write of `batch` in one lmdb transaction and resolves once it is committed: visible, and
   * crash-safe, but in `sync` durability not necessarily on disk yet (see `writeFlushed`).
   */
  async write(batch: (writer: LogWriter) => void): Promise<void> {
    await Promise.all(this.issue(batch));
  }

  /** As `write`, resolving once the transaction is on disk. */
  async writeFlushed(batch: (writer: LogWriter) => void): Promise<void> {
    const commits = this.issue(batch);
    await Promise.all(commits);
    await commits.at(-1)?.flushed;
  }

  /** Holds a journaled append until a checkpoint puts it in lmdb: reads see it from now on. */
  holdJournaled(entry: MemtableEntry): void {
    this.memtable.hold(entry);
  }

  /** The held journal entries after `sequence`, oldest first. */
  journaledAfter(sequence: number): MemtableEntry[] {
    return this.memtable.entriesAfter(sequence);
  }

  /** lmdb holds every journal entry up to `sequence` on disk: reads no longer need the memtable for them. */
  dropJournaledThrough(sequence: number): void {
    this.memtable.dropThrough(sequence);
  }

  /** Bytes of records held in the memtable. */
  get journaledBytes(): number {
    return this.memtable.bytes;
  }

  /** The last journal entry lmdb holds; 0 before the first. */
  journalSequence(): number {
    return this.meta.get('journalSequence') ?? 0;
  }

  /**
   * Where lmdb's own records of the partition end (below `end`): the log cleaner may only rewrite those,
   * since a checkpoint would write a held batch back whole.
   */
  checkpointedEnd(topic: string, partition: number, end: number): number {
    return Math.min(end, this.memtable.firstOffset(topic, partition) ?? end);
  }

  /** Issues the writes synchronously (lmdb commits one event turn's writes together); their commits. */
  private issue(batch: (writer: LogWriter) => void): LmdbCommit[] {
    const commits: LmdbCommit[] = [];
    const track = (commit: LmdbCommit): void => {
      commits.push(commit);
    };
    batch({
      putRecords: (topic, partition, baseOffset, batch) => track(this.records.put([topic, partition, baseOffset], batch)),
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
      putJournalSequence: (sequence) => track(this.meta.put('journalSequence', sequence)),
    });
    return commits;
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
    const held = this.memtable.firstOffset(topic, partition) ?? Infinity;
    const wantedFromLmdb = (offset: number): boolean => offset < held && wanted(offset);
    for (const { baseOffset, bytes } of this.storedBatchesFrom(topic, partition, fromOffset)) {
      if (baseOffset >= Math.min(toOffset, held) || !readBatch(baseOffset, bytes, fromOffset, wantedFromLmdb, busRecord, records)) break;
    }
    if (toOffset > held && records.length < limit) {
      this.memtable.readRecords(topic, partition, Math.max(fromOffset, held), wanted, busRecord, records);
    }
    return records;
  }

  readRecord(topic: string, partition: number, offset: number): BusRecord | undefined {
    return this.readRecords(topic, partition, offset, offset + 1, 1)[0];
  }

  /** The offset after the last stored record, or undefined when the partition holds none. */
  endOfRecords(topic: string, partition: number): number | undefined {
    const held = this.memtable.endOfRecords(topic, partition);
    if (held !== undefined) return held;
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
    const held = this.memtable.maxTimestamp(topic, partition);
    if (held !== undefined) return held;
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

  /**
   * The earliest offset whose timestamp is >= `timestamp`, or undefined when none is: the time index
   * says from where the running maximum reached it (a checkpoint indexes its first growth only, see
   * appended-batch.ts `mergedBatch`), the records from there say where exactly.
   */
  offsetForTimestamp(topic: string, partition: number, timestamp: number): number | undefined {
    const from = this.indexedOffsetForTimestamp(topic, partition, timestamp);
    for (let at = from; at !== undefined; ) {
      const records = this.readRecords(topic, partition, at, beyondAnyOffset, recordsPerTimestampScan);
      const found = records.find((record) => record.timestamp >= timestamp);
      if (found !== undefined) return found.offset;
      const last = records.at(-1);
      at = last === undefined ? undefined : last.offset + 1;
    }
    return undefined;
  }

  private indexedOffsetForTimestamp(topic: string, partition: number, timestamp: number): number | undefined {
    for (const { value } of this.timeIndex.getRange({
      start: [topic, partition, timestamp],
      end: [topic, partition, Number.MAX_VALUE],
      inclusiveEnd: true,
      limit: 1,
    })) {
      return value;
    }
    // The memtable's time index continues lmdb's: only a target beyond lmdb's maximum can land there.
    return this.memtable.offsetForTimestamp(topic, partition, timestamp);
  }

  committedOffset(group: string, topic: string, partition: number): number | undefined {
    return this.committed.get([group, topic, partition]);
  }

  logStart(topic: string, partition: number): number | undefined {
    return this.logStarts.get([topic, partition]);
  }

  latestPosition(topic: string, key: string): RecordPosition | undefined {
    const held = this.memtable.latestPosition(topic, key);
    if (held !== undefined) return held ?? undefined;
    const position = this.latest.get([topic, key]);
    return position === undefined ? undefined : { partition: position[0], offset: position[1] };
  }

  /** Every live key of a compacted topic with its latest position, in key order. */
  latestPositions(topic: string): Array<{ key: string; position: RecordPosition }> {
    const entries: Array<{ key: string; position: RecordPosition }> = [];
    for (const { key, value } of this.latest.getRange({ start: [topic, ''], end: [topic, afterEveryKey] })) {
      entries.push({ key: key[1], position: { partition: value[0], offset: value[1] } });
    }
    const changes = this.memtable.latestChanges(topic);
    if (changes.size === 0) return entries;
    const merged = new Map(entries.map((entry) => [entry.key, entry.position]));
    for (const [key, position] of changes) {
      if (position === null) merged.delete(key);
      else merged.set(key, position);
    }
    // lmdb orders string keys by their UTF-8 bytes; new keys take the same order.
    return [...merged]
      .map(([key, position]) => ({ key, position, bytes: Buffer.from(key) }))
      .sort((first, second) => Buffer.compare(first.bytes, second.bytes))
      .map(({ key, position }) => ({ key, position }));
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
