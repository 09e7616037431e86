import { crc32 } from 'node:zlib';

/** One partition's records of a journal entry, encoded as stored in lmdb (record-codec.ts `encodeBatch`). */
export interface JournaledBatch {
  readonly topic: string;
  readonly partition: number;
  readonly baseOffset: number;
  readonly bytes: Uint8Array;
}

/** What one group commit appended: the journal's unit of durability, numbered from 1 without gaps. */
export interface JournalEntry {
  readonly sequence: number;
  readonly batches: readonly JournaledBatch[];
}

/*
 * Layout (big-endian): u32 payload length | u32 CRC-32 of everything after it | f64 sequence | payload.
 * Payload: u32 batch count, then per batch: u32 topic length | topic utf8 | u32 partition |
 * f64 base offset | u32 bytes length | bytes.
 * A zeroed or torn header, a length running past the segment or a CRC mismatch ends the segment's entries.
 */
const headerBytes = 16;
const checksummedFrom = 8;

export function encodeJournalEntry(entry: JournalEntry): Buffer {
  let payloadBytes = 4;
  for (const batch of entry.batches) payloadBytes += 4 + Buffer.byteLength(batch.topic) + 4 + 8 + 4 + batch.bytes.length;
  const buffer = Buffer.allocUnsafe(headerBytes + payloadBytes);
  buffer.writeUInt32BE(payloadBytes, 0);
  buffer.writeDoubleBE(entry.sequence, 8);
  let at = buffer.writeUInt32BE(entry.batches.length, headerBytes);
  for (const batch of entry.batches) {
    const topicLength = buffer.write(batch.topic, at + 4, 'utf8');
    at = buffer.writeUInt32BE(topicLength, at) + topicLength;
    at = buffer.writeUInt32BE(batch.partition, at);
    at = buffer.writeDoubleBE(batch.baseOffset, at);
    at = buffer.writeUInt32BE(batch.bytes.length, at);
    buffer.set(batch.bytes, at);
    at += batch.bytes.length;
  }
  buffer.writeUInt32BE(crc32(buffer.subarray(checksummedFrom)), 4);
  return buffer;
}

export interface DecodedSegment {
  /** The segment's valid entries, consecutive sequences, in order. */
  readonly entries: JournalEntry[];
  /** Where the next entry goes: right after the last valid one. */
  readonly end: number;
}

/**
 * The chain of valid entries from the start of a segment. A reused segment still holds entries of its
 * previous use after the new ones; their sequences are lower, so the chain stops at the first of them.
 */
export function decodeJournalSegment(segment: Buffer): DecodedSegment {
  const entries: JournalEntry[] = [];
  let at = 0;
  for (;;) {
    const entry = entryAt(segment, at);
    const previous = entries.at(-1);
    if (entry === undefined || (previous !== undefined && entry.sequence !== previous.sequence + 1)) {
      return { entries, end: at };
    }
    entries.push(entry);
    at += headerBytes + segment.readUInt32BE(at);
  }
}

function entryAt(segment: Buffer, at: number): JournalEntry | undefined {
  if (at + headerBytes > segment.length) return undefined;
  const payloadBytes = segment.readUInt32BE(at);
  const end = at + headerBytes + payloadBytes;
  if (payloadBytes < 4 || end > segment.length) return undefined;
  if (crc32(segment.subarray(at + checksummedFrom, end)) !== segment.readUInt32BE(at + 4)) return undefined;
  const sequence = segment.readDoubleBE(at + 8);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  return { sequence, batches: decodeBatches(segment.subarray(at + headerBytes, end)) };
}

/** The batches are copied out: the segment buffer is read once at open and then dropped. */
function decodeBatches(payload: Buffer): JournaledBatch[] {
  const batches: JournaledBatch[] = [];
  const count = payload.readUInt32BE(0);
  let at = 4;
  for (let index = 0; index < count; index += 1) {
    const topicLength = payload.readUInt32BE(at);
    const topic = payload.toString('utf8', at + 4, at + 4 + topicLength);
    at += 4 + topicLength;
    const partition = payload.readUInt32BE(at);
    const baseOffset = payload.readDoubleBE(at + 4);
    const length = payload.readUInt32BE(at + 12);
    at += 16;
    batches.push({ topic, partition, baseOffset, bytes: Buffer.from(payload.subarray(at, at + length)) });
    at += length;
  }
  return batches;
}
