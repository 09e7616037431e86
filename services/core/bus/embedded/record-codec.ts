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

/** Copies everything out of `bytes`, which lmdb may reuse for the next read. */
export function decodeBatch(baseOffset: number, bytes: Uint8Array): StoredRecord[] {
  const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.readUInt32BE(0);
  const records: StoredRecord[] = [];
  let at = 4;
  for (let index = 0; index < count; index += 1) {
    const [record, next] = readRecord(view, at, baseOffset);
    records.push(record);
    at = next;
  }
  return records;
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

function readRecord(view: Buffer, start: number, baseOffset: number): [StoredRecord, number] {
  const offset = baseOffset + view.readUInt32BE(start);
  const timestamp = view.readDoubleBE(start + 4);
  const [key, afterKey] = readString(view, start + 12);
  const valueLength = view.readUInt32BE(afterKey);
  const valueStart = afterKey + 4;
  const value = valueLength === nullValue ? null : copyBytes(view, valueStart, valueLength);
  let at = valueStart + (value?.length ?? 0);
  const headerCount = view.readUInt32BE(at);
  at += 4;
  const headers: Record<string, string> = {};
  for (let index = 0; index < headerCount; index += 1) {
    const [name, afterName] = readString(view, at);
    const [headerValue, afterValue] = readString(view, afterName);
    headers[name] = headerValue;
    at = afterValue;
  }
  return [{ offset, key, value, headers, timestamp }, at];
}

/**
 * allocUnsafe carves small copies out of Node's shared buffer pool: one ArrayBuffer per record (what
 * `new Uint8Array` makes) cost consumers more in allocation and GC than reading the record did.
 */
function copyBytes(view: Buffer, start: number, length: number): Uint8Array {
  const pooled = Buffer.allocUnsafe(length);
  view.copy(pooled, 0, start, start + length);
  // A plain Uint8Array over the same bytes: consumers get the type the port promises, not a Buffer.
  return new Uint8Array(pooled.buffer, pooled.byteOffset, length);
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
