import { describe, expect, it } from 'vitest';
import { compactRows } from '../../services/core/clickhouse/compact-rows.ts';

describe('compactRows', () => {
  it.each([
    ['no rows', [], { columns: [], values: [] }],
    [
      'rows with the same keys',
      [{ a: 1, b: 'x' }, { a: 2, b: null }],
      { columns: ['a', 'b'], values: [[1, 'x'], [2, null]] },
    ],
    [
      'rows whose keys differ: every key any row names, absent ones null',
      [{ a: 1 }, { b: 'y', a: 2 }, { c: [] }],
      { columns: ['a', 'b', 'c'], values: [[1, null, null], [2, 'y', null], [null, null, []]] },
    ],
    ['an undefined value, sent as null', [{ a: undefined, b: 1 }], { columns: ['a', 'b'], values: [[null, 1]] }],
  ])('given %s, the columns and values in their order', (_case, rows, expected) => {
    expect(compactRows(rows)).toEqual(expected);
  });
});
