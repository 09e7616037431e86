import type { BusRecord } from '../core/bus/event-bus.ts';

export type ExportFormat = 'jsonl' | 'avro';

export const exportFormats: readonly ExportFormat[] = ['jsonl', 'avro'];

/** A record's decoded value, or why it could not be decoded (then the raw bytes are kept). */
export type DecodedValue =
  | { readonly kind: 'decoded'; readonly value: unknown }
  | { readonly kind: 'tombstone' }
  | { readonly kind: 'undecodable'; readonly reason: string };

/** One JSON object per line; undecodable values keep their bytes (base64) so nothing is lost. */
export function jsonLine(record: BusRecord, decoded: DecodedValue): string {
  const base = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key,
    timestamp: new Date(record.timestamp).toISOString(),
    headers: record.headers,
  };
  const value = valueFields(record, decoded);
  return `${JSON.stringify({ ...base, ...value }, jsonSafe)}\n`;
}

function valueFields(record: BusRecord, decoded: DecodedValue): Record<string, unknown> {
  switch (decoded.kind) {
    case 'decoded':
      return { value: decoded.value };
    case 'tombstone':
      return { value: null };
    case 'undecodable':
      return { value: null, value_base64: Buffer.from(record.value ?? new Uint8Array()).toString('base64'), value_error: decoded.reason };
    default: {
      const unreachable: never = decoded;
      return unreachable;
    }
  }
}

// Avro bytes fields decode to Buffers and longs may be bigints: both get a lossless JSON form.
function jsonSafe(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return { base64: Buffer.from((value as { data: number[] }).data).toString('base64') };
  }
  return value;
}

const tombstoneLength = 0xffffffff;

/**
 * The value's wire bytes (Confluent framing: magic byte, schema id, Avro binary) behind a 4-byte
 * big-endian length; a tombstone is the length 0xFFFFFFFF with no bytes.
 */
export function avroFrame(record: BusRecord): Buffer {
  const prefix = Buffer.alloc(4);
  if (record.value === null) {
    prefix.writeUInt32BE(tombstoneLength);
    return prefix;
  }
  prefix.writeUInt32BE(record.value.byteLength);
  return Buffer.concat([prefix, record.value]);
}

/** Splits a length-prefixed export back into values (null for tombstones). */
export function readAvroFrames(bytes: Buffer): (Buffer | null)[] {
  const values: (Buffer | null)[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    at += 4;
    if (length === tombstoneLength) {
      values.push(null);
      continue;
    }
    values.push(bytes.subarray(at, at + length));
    at += length;
  }
  return values;
}
