import type { Headers } from '../event-bus.ts';

/** What the log stores per offset; topic, partition and offset live in the lmdb key. */
export interface StoredRecord {
  readonly key: string;
  readonly value: Uint8Array | null;
  readonly headers: Headers;
  readonly timestamp: number;
}

const nullValue = 0xffffffff;

/*
 * Layout (big-endian): f64 timestamp | u32 key length | key utf8 | u32 value length (0xffffffff: null) |
 * value | u32 header count | per header: u32 name length | name utf8 | u32 value length | value utf8.
 * Hand-rolled because encoding runs once per appended record and a generic encoder was the largest
 * cost of a durable append.
 */
export function encodeRecord(record: StoredRecord): Buffer {
  const headerEntries = Object.entries(record.headers);
  let size = 8 + 4 + Buffer.byteLength(record.key) + 4 + (record.value?.length ?? 0) + 4;
  for (const [name, value] of headerEntries) size += 8 + Buffer.byteLength(name) + Buffer.byteLength(value);
  const buffer = Buffer.allocUnsafe(size);
  let at = buffer.writeDoubleBE(record.timestamp, 0);
  at = writeString(buffer, at, record.key);
  if (record.value === null) {
    at = buffer.writeUInt32BE(nullValue, at);
  } else {
    at = buffer.writeUInt32BE(record.value.length, at);
    buffer.set(record.value, at);
    at += record.value.length;
  }
  at = buffer.writeUInt32BE(headerEntries.length, at);
  for (const [name, value] of headerEntries) {
    at = writeString(buffer, at, name);
    at = writeString(buffer, at, value);
  }
  return buffer;
}

/** Copies everything out of `buffer`, which lmdb may reuse for the next read. */
export function decodeRecord(buffer: Uint8Array): StoredRecord {
  const view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const timestamp = view.readDoubleBE(0);
  const [key, afterKey] = readString(view, 8);
  const valueLength = view.readUInt32BE(afterKey);
  const valueStart = afterKey + 4;
  const value = valueLength === nullValue ? null : new Uint8Array(view.subarray(valueStart, valueStart + valueLength));
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
  return { key, value, headers, timestamp };
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
