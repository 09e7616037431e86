import type { Headers } from '../event-bus.ts';

/** One record as stored; topic and partition live in the lmdb key. */
export interface StoredRecord {
  readonly offset: number;
  readonly key: string;
  readonly value: Uint8Array | null;
  readonly headers: Headers;
  readonly timestamp: number;
}

const nullValue = 0xffffffff;

/*
 * A batch is the records one append put on one partition, stored as one lmdb value (like Kafka's record
 * batches): lmdb's per-put cost, not the bytes, dominated durable appends when each record was its own
 * entry. Compaction and retention rewrite a batch without the records they delete, so offsets inside
 * a batch may have gaps.
 *
 * Layout (big-endian): u32 record count, then per record: u32 offset - baseOffset | f64 timestamp |
 * u32 key length | key utf8 | u32 value length (0xffffffff: null) | value | u32 header count |
 * per header: u32 name length | name utf8 | u32 value length | value utf8.
 */
export function encodeBatch(baseOffset: number, records: readonly StoredRecord[]): Buffer {
  let bound = 4;
  for (const record of records) bound += recordBound(record);
  const buffer = Buffer.allocUnsafe(bound);
  let at = buffer.writeUInt32BE(records.length, 0);
  for (const record of records) at = writeRecord(buffer, at, baseOffset, record);
  return buffer.subarray(0, at);
}

export type RecordFactory<T> = (offset: number, key: string, value: Uint8Array | null, headers: Headers, timestamp: number) => T;

const storedRecord: RecordFactory<StoredRecord> = (offset, key, value, headers, timestamp) => ({ offset, key, value, headers, timestamp });

/** Every record of a batch, copied out of `bytes`, which lmdb may reuse for the next read. */
export function decodeBatch(baseOffset: number, bytes: Uint8Array): StoredRecord[] {
  const records: StoredRecord[] = [];
  readBatch(baseOffset, bytes, -Infinity, () => true, storedRecord, records);
  return records;
}

/**
 * Appends to `into` the batch's records from `fromOffset` on, made by `make`, while `wanted(offset)`
 * holds; false once it did not (later batches are not wanted either). Records before `fromOffset` are
 * stepped over undecoded. What is read is copied out of `bytes` once, and values are views into that
 * copy: one allocation per batch read instead of one per record.
 */
export function readBatch<T>(
  baseOffset: number,
  bytes: Uint8Array,
  fromOffset: number,
  wanted: (offset: number) => boolean,
  make: RecordFactory<T>,
  into: T[],
): boolean {
  const view = asBuffer(bytes);
  const count = view.readUInt32BE(0);
  let index = 0;
  let at = 4;
  while (index < count && baseOffset + view.readUInt32BE(at) < fromOffset) {
    at = skipRecord(view, at);
    index += 1;
  }
  if (index === count) return true;
  const owned = Buffer.from(view.subarray(at));
  at = 0;
  for (; index < count; index += 1) {
    const offset = baseOffset + owned.readUInt32BE(at);
    if (!wanted(offset)) return false;
    at = readRecord(owned, at, offset, make, into);
  }
  return true;
}

/**
 * One batch holding the records of consecutive `batches` of a partition, in order, based on the first's
 * base offset. The records are copied undecoded; only their offset deltas are rewritten.
 */
export function concatBatches(batches: ReadonlyArray<{ readonly baseOffset: number; readonly bytes: Uint8Array }>): Uint8Array {
  const first = batches[0];
  if (first === undefined) throw new Error('no batch to concatenate');
  if (batches.length === 1) return first.bytes;
  let count = 0;
  let length = 4;
  for (const { bytes } of batches) {
    count += asBuffer(bytes).readUInt32BE(0);
    length += bytes.length - 4;
  }
  const merged = Buffer.allocUnsafe(length);
  let at = merged.writeUInt32BE(count, 0);
  for (const { baseOffset, bytes } of batches) {
    // TypedArray.set, not Buffer.copy: most batches are one small record, where a native call costs more than the copy.
    merged.set(bytes.subarray(4), at);
    const shift = baseOffset - first.baseOffset;
    const records = asBuffer(bytes).readUInt32BE(0);
    for (let index = 0, record = at; index < records; index += 1) {
      merged.writeUInt32BE(merged.readUInt32BE(record) + shift, record);
      record = skipRecord(merged, record);
    }
    at += bytes.length - 4;
  }
  return merged;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** UTF-8 needs at most 3 bytes per UTF-16 unit: sizing by that bound spares a byteLength pass per string. */
function recordBound(record: StoredRecord): number {
  let bound = 4 + 8 + 4 + record.key.length * 3 + 4 + (record.value?.length ?? 0) + 4;
  for (const name in record.headers) bound += 8 + (name.length + (record.headers[name]?.length ?? 0)) * 3;
  return bound;
}

function writeRecord(buffer: Buffer, start: number, baseOffset: number, record: StoredRecord): number {
  let at = buffer.writeUInt32BE(record.offset - baseOffset, start);
  at = buffer.writeDoubleBE(record.timestamp, at);
  at = writeString(buffer, at, record.key);
  if (record.value === null) {
    at = buffer.writeUInt32BE(nullValue, at);
  } else {
    at = buffer.writeUInt32BE(record.value.length, at);
    buffer.set(record.value, at);
    at += record.value.length;
  }
  const headerCountAt = at;
  at += 4;
  let headerCount = 0;
  for (const name in record.headers) {
    at = writeString(buffer, at, name);
    at = writeString(buffer, at, record.headers[name] ?? '');
    headerCount += 1;
  }
  buffer.writeUInt32BE(headerCount, headerCountAt);
  return at;
}

function readRecord<T>(view: Buffer, start: number, offset: number, make: RecordFactory<T>, into: T[]): number {
  const timestamp = view.readDoubleBE(start + 4);
  const keyLength = view.readUInt32BE(start + 12);
  const keyStart = start + 16;
  const key = view.toString('utf8', keyStart, keyStart + keyLength);
  let at = keyStart + keyLength;
  const valueLength = view.readUInt32BE(at);
  at += 4;
  let value: Uint8Array | null = null;
  if (valueLength !== nullValue) {
    // A plain Uint8Array, not a Buffer: consumers get the type the port promises, as from the Kafka adapter.
    value = new Uint8Array(view.buffer, view.byteOffset + at, valueLength);
    at += valueLength;
  }
  const headerCount = view.readUInt32BE(at);
  at += 4;
  const headers: Record<string, string> = {};
  for (let index = 0; index < headerCount; index += 1) {
    const [name, afterName] = readString(view, at);
    const [headerValue, afterValue] = readString(view, afterName);
    headers[name] = headerValue;
    at = afterValue;
  }
  into.push(make(offset, key, value, headers, timestamp));
  return at;
}

/** Where the record starting at `start` ends, without decoding it. */
function skipRecord(view: Buffer, start: number): number {
  let at = start + 12;
  at += 4 + view.readUInt32BE(at);
  const valueLength = view.readUInt32BE(at);
  at += 4 + (valueLength === nullValue ? 0 : valueLength);
  const headerCount = view.readUInt32BE(at);
  at += 4;
  for (let index = 0; index < 2 * headerCount; index += 1) at += 4 + view.readUInt32BE(at);
  return at;
}

function writeString(buffer: Buffer, at: number, text: string): number {
  const length = buffer.write(text, at + 4, 'utf8');
  buffer.writeUInt32BE(length, at);
  return at + 4 + length;
}

function readString(view: Buffer, at: number): [string, number] {
  const length = view.readUInt32BE(at);
  const start = at + 4;
  return [view.toString('utf8', start, start + length), start + length];
}
