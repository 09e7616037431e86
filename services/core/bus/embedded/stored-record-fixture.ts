import type { StoredRecord } from './record-codec.ts';

/** A record as the embedded log stores it, for table tests: its value defaults to one byte, the offset. */
export const storedRecord = (offset: number, key: string, timestamp: number, value: Uint8Array | null = new Uint8Array([offset])): StoredRecord => ({
  offset,
  key,
  value,
  headers: {},
  timestamp,
});
