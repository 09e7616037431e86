import type { AppendedBatch, TimeIndexEntry } from './appended-batch.ts';
import type { RecordPosition } from './log-store.ts';
import { readBatch, type RecordFactory } from './record-codec.ts';

/** One journal entry's batches, held until lmdb has them on disk. */
export interface MemtableEntry {
  readonly sequence: number;
  readonly batches: readonly AppendedBatch[];
}

interface PartitionTail {
  /** In offset order, which is also sequence order. */
  readonly batches: Array<{ readonly sequence: number; readonly batch: AppendedBatch }>;
  readonly timeIndex: Array<TimeIndexEntry & { readonly sequence: number }>;
}

interface HeldLatest {
  readonly sequence: number;
  /** null: a tombstone removed the key. */
  readonly position: RecordPosition | null;
}

/**
 * The journaled appends lmdb does not hold on disk yet, indexed the way the log store reads: records by
 * partition and offset, the time index, and the latest position of compacted keys. Entries are held in
 * sequence order and dropped from the oldest once an lmdb checkpoint holding them is flushed. Every
 * offset a partition holds here comes after every offset lmdb alone holds, so a read takes lmdb's
 * records below `firstOffset` and this table's from there on.
 */
export class Memtable {
  private readonly entries: MemtableEntry[] = [];
  private readonly tails = new Map<string, Map<number, PartitionTail>>();
  private readonly latest = new Map<string, Map<string, HeldLatest>>();
  /** Encoded record bytes held, for backpressure. */
  private heldBytes = 0;

  get bytes(): number {
    return this.heldBytes;
  }

  hold(entry: MemtableEntry): void {
    this.entries.push(entry);
    for (const batch of entry.batches) {
      const tail = this.tailOf(batch.topic, batch.partition, true);
      tail.batches.push({ sequence: entry.sequence, batch });
      for (const indexEntry of batch.timeIndex) tail.timeIndex.push({ ...indexEntry, sequence: entry.sequence });
      let keys = this.latest.get(batch.topic);
      for (const { key, offset } of batch.latest) {
        keys ??= new Map();
        this.latest.set(batch.topic, keys);
        keys.set(key, { sequence: entry.sequence, position: offset === undefined ? null : { partition: batch.partition, offset } });
      }
      this.heldBytes += batch.bytes.length;
    }
  }

  /** The held entries after `sequence`, oldest first. */
  entriesAfter(sequence: number): MemtableEntry[] {
    return this.entries.filter((entry) => entry.sequence > sequence);
  }

  /** Forgets every entry up to `sequence`: lmdb holds them on disk now. */
  dropThrough(sequence: number): void {
    const dropped = this.entries.splice(0, countUpTo(this.entries, sequence));
    for (const entry of dropped) {
      for (const batch of entry.batches) {
        this.heldBytes -= batch.bytes.length;
        this.dropTailThrough(batch.topic, batch.partition, sequence);
        const keys = this.latest.get(batch.topic);
        for (const { key } of batch.latest) {
          if ((keys?.get(key)?.sequence ?? Infinity) <= sequence) keys?.delete(key);
        }
        if (keys?.size === 0) this.latest.delete(batch.topic);
      }
    }
  }

  private dropTailThrough(topic: string, partition: number, sequence: number): void {
    const tail = this.tailOf(topic, partition, false);
    if (tail === undefined) return;
    tail.batches.splice(0, countUpTo(tail.batches, sequence));
    tail.timeIndex.splice(0, countUpTo(tail.timeIndex, sequence));
    if (tail.batches.length === 0) this.tails.get(topic)?.delete(partition);
  }

  /** The first offset held for the partition; lmdb answers for every offset before it. */
  firstOffset(topic: string, partition: number): number | undefined {
    return this.tailOf(topic, partition, false)?.batches[0]?.batch.baseOffset;
  }

  endOfRecords(topic: string, partition: number): number | undefined {
    const last = this.tailOf(topic, partition, false)?.batches.at(-1);
    return last === undefined ? undefined : last.batch.lastOffset + 1;
  }

  maxTimestamp(topic: string, partition: number): number | undefined {
    return this.tailOf(topic, partition, false)?.timeIndex.at(-1)?.maxTimestamp;
  }

  /** The first held offset at which the running maximum timestamp reached `timestamp`. */
  offsetForTimestamp(topic: string, partition: number, timestamp: number): number | undefined {
    return this.tailOf(topic, partition, false)?.timeIndex.find((entry) => entry.maxTimestamp >= timestamp)?.offset;
  }

  /**
   * Reads like `readBatch` across the held batches: appends records from `fromOffset` on while
   * `wanted(offset)` holds.
   */
  readRecords<T>(
    topic: string,
    partition: number,
    fromOffset: number,
    wanted: (offset: number) => boolean,
    make: RecordFactory<T>,
    into: T[],
  ): void {
    const batches = this.tailOf(topic, partition, false)?.batches ?? [];
    for (let index = firstBatchEndingAtOrAfter(batches, fromOffset); index < batches.length; index += 1) {
      const held = batches[index];
      if (held === undefined || !readBatch(held.batch.baseOffset, held.batch.bytes, fromOffset, wanted, make, into)) return;
    }
  }

  /** The held change of a compacted key: its position, null when removed, undefined when lmdb knows. */
  latestPosition(topic: string, key: string): RecordPosition | null | undefined {
    return this.latest.get(topic)?.get(key)?.position;
  }

  /** Every held change of a compacted topic's keys (null: removed). */
  latestChanges(topic: string): ReadonlyMap<string, RecordPosition | null> {
    const changes = new Map<string, RecordPosition | null>();
    for (const [key, { position }] of this.latest.get(topic) ?? []) changes.set(key, position);
    return changes;
  }

  private tailOf(topic: string, partition: number, create: true): PartitionTail;
  private tailOf(topic: string, partition: number, create: false): PartitionTail | undefined;
  private tailOf(topic: string, partition: number, create: boolean): PartitionTail | undefined {
    let partitions = this.tails.get(topic);
    if (partitions === undefined && create) {
      partitions = new Map();
      this.tails.set(topic, partitions);
    }
    let tail = partitions?.get(partition);
    if (tail === undefined && create) {
      tail = { batches: [], timeIndex: [] };
      partitions?.set(partition, tail);
    }
    return tail;
  }
}

/** How many of the leading items (in sequence order) have a sequence up to `sequence`. */
function countUpTo(items: ReadonlyArray<{ readonly sequence: number }>, sequence: number): number {
  const beyond = items.findIndex((item) => item.sequence > sequence);
  return beyond < 0 ? items.length : beyond;
}

/** Binary search: the index of the first batch whose last offset is >= `offset`. */
function firstBatchEndingAtOrAfter(batches: ReadonlyArray<{ readonly batch: AppendedBatch }>, offset: number): number {
  let low = 0;
  let high = batches.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((batches[middle]?.batch.lastOffset ?? Infinity) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
