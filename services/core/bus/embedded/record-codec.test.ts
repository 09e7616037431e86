import { describe, expect, it } from 'vitest';
import { concatBatches, decodeBatch, encodeBatch, readBatch, type StoredRecord } from './record-codec.ts';

const plain: StoredRecord = { offset: 40, key: 'CP-1', value: new Uint8Array([1, 2, 3]), headers: {}, timestamp: 1_700_000_000_123 };

describe('record batch codec', () => {
  const table: ReadonlyArray<readonly [string, number, StoredRecord[]]> = [
    ['one plain record', 40, [plain]],
    ['a tombstone', 7, [{ ...plain, offset: 7, value: null, timestamp: 0 }]],
    ['an empty value and key', 0, [{ offset: 0, key: '', value: new Uint8Array(), headers: {}, timestamp: -5 }]],
    [
      'unicode headers and key',
      3,
      [{ offset: 3, key: 'Zürich-✓', value: new Uint8Array([0, 255]), headers: { 'x-ü': 'wert ✓', empty: '' }, timestamp: 1.5 }],
    ],
    ['records with offset gaps left by compaction', 40, [plain, { ...plain, offset: 44, key: 'CP-2' }, { ...plain, offset: 90 }]],
    ['no records', 12, []],
  ];
  it.each(table)('given %s, decodes what was encoded', (_, baseOffset, records) => {
    expect(decodeBatch(baseOffset, encodeBatch(baseOffset, records))).toEqual(records);
  });

  it('given an encoded buffer that is reused later, keeps the decoded value intact', () => {
    const buffer = encodeBatch(0, [{ ...plain, offset: 0, value: new Uint8Array([9, 9]) }]);
    const [decoded] = decodeBatch(0, buffer);

    buffer.fill(0);

    expect([...(decoded?.value ?? [])]).toEqual([9, 9]);
  });

  describe('reading part of a batch (offsets 40, 44, 90)', () => {
    const batch = encodeBatch(40, [plain, { ...plain, offset: 44, key: 'CP-2' }, { ...plain, offset: 90, key: 'CP-3' }]);
    const table: ReadonlyArray<readonly [string, number, number, readonly string[], boolean]> = [
      ['from the start, all wanted', 0, Infinity, ['CP-1', 'CP-2', 'CP-3'], true],
      ['from inside a gap', 41, Infinity, ['CP-2', 'CP-3'], true],
      ['from the last record', 90, Infinity, ['CP-3'], true],
      ['from beyond the batch', 91, Infinity, [], true],
      ['until an offset inside the batch', 0, 90, ['CP-1', 'CP-2'], false],
    ];
    it.each(table)('given %s, reads the records in range and says whether to go on', (_, from, until, keys, goOn) => {
      const into: string[] = [];
      const more = readBatch(40, batch, from, (offset) => offset < until, (_offset, key) => key, into);
      expect([into, more]).toEqual([keys, goOn]);
    });
  });

  describe('concatenating the batches of consecutive appends', () => {
    const at = (offset: number, key = `CP-${offset}`): StoredRecord => ({ ...plain, offset, key, headers: { n: String(offset) } });
    const table: ReadonlyArray<readonly [string, ReadonlyArray<readonly [number, StoredRecord[]]>]> = [
      ['one batch', [[40, [at(40), at(41)]]]],
      ['three batches', [[40, [at(40)]], [41, [at(41), at(42)]], [43, [at(43), at(44, 'Zürich ✓')]]]],
      ['batches with gaps left by compaction', [[40, [at(40), at(45)]], [50, [at(52)]], [60, [{ ...at(61), value: null }]]]],
    ];
    it.each(table)('given %s, decodes as one batch based on the first base offset', (_, parts) => {
      const merged = concatBatches(parts.map(([baseOffset, records]) => ({ baseOffset, bytes: encodeBatch(baseOffset, records) })));

      expect(decodeBatch(40, merged)).toEqual(parts.flatMap(([, records]) => records));
    });
  });
});
