import { describe, expect, it } from 'vitest';
import { isInWindow, parseWindow, rangesBetween } from '../../services/replay/replay-window.ts';

const now = Date.parse('2026-05-02T00:00:00Z');

describe('parseWindow', () => {
  it.each([
    { given: ['2026-05-01T00:00:00Z', '2026-05-01T01:00:00Z'], then: { fromMs: Date.parse('2026-05-01T00:00:00Z'), toMs: Date.parse('2026-05-01T01:00:00Z') } },
    { given: ['2026-05-01T00:00:00.500+02:00', undefined], then: { fromMs: Date.parse('2026-04-30T22:00:00.500Z'), toMs: now } },
    { given: ['2026-05-01', '2026-05-01T12:00Z'], then: { fromMs: Date.parse('2026-05-01T00:00:00Z'), toMs: Date.parse('2026-05-01T12:00:00Z') } },
  ] as const)('given $given, the window is $then', ({ given, then }) => {
    expect(parseWindow(given[0], given[1], now)).toEqual(then);
  });

  it.each([
    { given: ['yesterday', undefined], then: /--from "yesterday" is not an ISO 8601 instant/ },
    { given: ['1', undefined], then: /--from "1"/ },
    { given: ['2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z'], then: /must be after --from/ },
    { given: ['2026-05-03T00:00:00Z', undefined], then: /must be after --from/ },
  ] as const)('given $given, it refuses with $then', ({ given, then }) => {
    expect(() => parseWindow(given[0], given[1], now)).toThrow(then);
  });
});

describe('isInWindow (half-open)', () => {
  const window = { fromMs: 100, toMs: 200 };
  it.each([
    { given: 99, then: false },
    { given: 100, then: true },
    { given: 199, then: true },
    { given: 200, then: false },
  ])('given timestamp $given, then $then', ({ given, then }) => {
    expect(isInWindow(given, window)).toBe(then);
  });
});

describe('rangesBetween', () => {
  it.each([
    {
      name: 'partitions with records in between',
      starts: [{ partition: 0, offset: 3 }, { partition: 1, offset: 0 }],
      ends: [{ partition: 0, offset: 10 }, { partition: 1, offset: 4 }],
      then: [{ partition: 0, start: 3, end: 10 }, { partition: 1, start: 0, end: 4 }],
    },
    {
      name: 'an empty partition is left out',
      starts: [{ partition: 0, offset: 5 }, { partition: 1, offset: 2 }],
      ends: [{ partition: 0, offset: 5 }, { partition: 1, offset: 3 }],
      then: [{ partition: 1, start: 2, end: 3 }],
    },
    { name: 'no end known', starts: [{ partition: 0, offset: 0 }], ends: [], then: [] },
  ])('given $name', ({ starts, ends, then }) => {
    expect(rangesBetween(starts, ends)).toEqual(then);
  });
});
