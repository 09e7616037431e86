import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, type StoredRecord } from './record-codec.ts';

describe('record codec', () => {
  const table: ReadonlyArray<readonly [string, StoredRecord]> = [
    ['a plain record', { key: 'CP-1', value: new Uint8Array([1, 2, 3]), headers: {}, timestamp: 1_700_000_000_123 }],
    ['a tombstone', { key: 'CP-1', value: null, headers: {}, timestamp: 0 }],
    ['an empty value and key', { key: '', value: new Uint8Array(), headers: {}, timestamp: -5 }],
    [
      'unicode headers and key',
      { key: 'Zürich-✓', value: new Uint8Array([0, 255]), headers: { 'x-ü': 'wert ✓', empty: '' }, timestamp: 1.5 },
    ],
  ];
  it.each(table)('given %s, decodes what was encoded', (_, record) => {
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });

  it('given an encoded buffer that is reused later, keeps the decoded value intact', () => {
    const buffer = encodeRecord({ key: 'k', value: new Uint8Array([9, 9]), headers: {}, timestamp: 1 });
    const decoded = decodeRecord(buffer);

    buffer.fill(0);

    expect([...(decoded.value ?? [])]).toEqual([9, 9]);
  });
});
