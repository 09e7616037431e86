import { describe, expect, it } from 'vitest';
import { OcpiError } from '../../transport/ocpi-status.ts';
import { OrderedIndex } from './ordered-index.ts';
import { BucketedIndex } from './bucketed-index.ts';
import { pageHeaders, pageOf, pageOfBuckets } from './page.ts';
import { pageQueryOf, type PageQuery } from './page-query.ts';

const t = (minute: number) => Date.parse(`2026-11-21T10:${String(minute).padStart(2, '0')}:00Z`);
const item = (key: string, minute: number) => ({ key, lastUpdated: t(minute) });
/** Sorted oldest first, ties in key order. */
const sorted = [item('a', 0), item('b', 1), item('c', 1), item('d', 2), item('e', 3), item('f', 4)];
const query = (overrides: Partial<PageQuery> = {}): PageQuery => ({ dateFrom: null, dateTo: null, offset: 0, limit: 100, ...overrides });
const everything = () => true;
const keysOf = (items: readonly { key: string }[]) => items.map((entry) => entry.key).join('');

describe('paging parameters', () => {
  const table: readonly { given: Record<string, unknown>; then: PageQuery | string }[] = [
    { given: {}, then: query({ limit: 50 }) },
    { given: { offset: '20', limit: '10' }, then: query({ offset: 20, limit: 10 }) },
    { given: { limit: '500' }, then: query({ limit: 50 }) },
    { given: { date_from: '2026-11-21T10:01:00Z', date_to: '2026-11-21T10:03:00+00:00' }, then: query({ dateFrom: t(1), dateTo: t(3), limit: 50 }) },
    { given: { date_from: '2026-11-21T10:01:00' }, then: query({ dateFrom: t(1), limit: 50 }) },
    { given: { date_from: '2026-11-21T11:01:00+01:00' }, then: query({ dateFrom: t(1), limit: 50 }) },
    { given: { offset: '-1' }, then: 'offset: expected a whole number' },
    { given: { limit: '0' }, then: 'limit: at least 1' },
    { given: { limit: 'ten' }, then: 'limit: expected a whole number' },
    { given: { offset: ['1', '2'] }, then: 'offset: Invalid input: expected string, received array' },
    { given: { date_from: 'yesterday' }, then: 'date_from: expected an RFC 3339 date-time, e.g. 2026-11-21T10:00:00Z' },
    { given: { date_from: '2026-13-45T10:00:00Z' }, then: 'date_from: not a valid date-time' },
    { given: { date_from: '2026-11-21T10:03:00Z', date_to: '2026-11-21T10:01:00Z' }, then: 'date_to is before date_from' },
  ];
  it.each(table)('given $given, then $then', ({ given, then }) => {
    if (typeof then !== 'string') {
      expect(pageQueryOf(given, 50)).toEqual(then);
      return;
    }
    const refusal = (() => {
      try {
        pageQueryOf(given, 50);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(OcpiError);
    expect(refusal).toMatchObject({ ocpiStatusCode: 2001, httpStatus: 400 });
    expect((refusal as OcpiError).message).toContain(then);
  });
});

describe('one page', () => {
  const table: readonly { given: string; query: PageQuery; visible?: (entry: { key: string }) => boolean; then: { keys: string; total: number } }[] = [
    { given: 'no filters', query: query(), then: { keys: 'abcdef', total: 6 } },
    { given: 'a limit', query: query({ limit: 2 }), then: { keys: 'ab', total: 6 } },
    { given: 'an offset and a limit', query: query({ offset: 2, limit: 3 }), then: { keys: 'cde', total: 6 } },
    { given: 'an offset past the end', query: query({ offset: 9 }), then: { keys: '', total: 6 } },
    { given: 'date_from inclusive', query: query({ dateFrom: t(1) }), then: { keys: 'bcdef', total: 5 } },
    { given: 'date_to exclusive', query: query({ dateTo: t(2) }), then: { keys: 'abc', total: 3 } },
    { given: 'both dates', query: query({ dateFrom: t(1), dateTo: t(4) }), then: { keys: 'bcde', total: 4 } },
    { given: 'equal dates', query: query({ dateFrom: t(1), dateTo: t(1) }), then: { keys: '', total: 0 } },
    { given: 'a visibility filter', query: query({ limit: 2 }), visible: (entry) => 'bdf'.includes(entry.key), then: { keys: 'bd', total: 3 } },
    { given: 'a filter, an offset and dates', query: query({ offset: 1, dateFrom: t(1) }), visible: (entry) => entry.key !== 'c', then: { keys: 'def', total: 4 } },
  ];
  it.each(table)('given $given, then the page holds $then.keys of $then.total', ({ query: given, visible, then }) => {
    const page = pageOf(sorted, given, visible ?? everything);
    expect({ keys: keysOf(page.items), total: page.total }).toEqual(then);
  });
});

describe('one page over buckets of visible objects', () => {
  const first = [item('a', 0), item('c', 1), item('e', 3)];
  const second = [item('b', 1), item('d', 2), item('f', 4)];
  const table: readonly { given: string; buckets: readonly (readonly { key: string; lastUpdated: number }[])[]; query: PageQuery; then: { keys: string; total: number } }[] = [
    { given: 'no bucket', buckets: [], query: query(), then: { keys: '', total: 0 } },
    { given: 'one bucket', buckets: [first], query: query({ offset: 1, limit: 1 }), then: { keys: 'c', total: 3 } },
    { given: 'one bucket and dates', buckets: [first], query: query({ dateFrom: t(1), dateTo: t(4) }), then: { keys: 'ce', total: 2 } },
    { given: 'one bucket and an offset past the window', buckets: [first], query: query({ offset: 5, dateTo: t(2) }), then: { keys: '', total: 2 } },
    { given: 'two buckets', buckets: [first, second], query: query(), then: { keys: 'abcdef', total: 6 } },
    { given: 'two buckets, an offset and a limit', buckets: [first, second], query: query({ offset: 2, limit: 3 }), then: { keys: 'cde', total: 6 } },
    { given: 'two buckets and dates', buckets: [second, first], query: query({ dateFrom: t(1), dateTo: t(4), limit: 2 }), then: { keys: 'bc', total: 4 } },
  ];
  it.each(table)('given $given, then the page holds $then.keys of $then.total', ({ buckets, query: given, then }) => {
    const page = pageOfBuckets(buckets, given);
    expect({ keys: keysOf(page.items), total: page.total }).toEqual(then);
  });
});

describe('page headers', () => {
  const base = 'https://cpo.example.com/ocpi/2.2.1/cdrs';
  const table: readonly { given: string; query: PageQuery; then: Record<string, string> }[] = [
    {
      given: 'a first page',
      query: query({ limit: 2 }),
      then: { 'X-Total-Count': '6', 'X-Limit': '2', Link: `<${base}?offset=2&limit=2>; rel="next"` },
    },
    { given: 'the last page', query: query({ offset: 4, limit: 2 }), then: { 'X-Total-Count': '6', 'X-Limit': '2' } },
    { given: 'an empty page', query: query({ offset: 10, limit: 2 }), then: { 'X-Total-Count': '6', 'X-Limit': '2' } },
    {
      given: 'filters',
      query: query({ limit: 1, dateFrom: t(1), dateTo: t(4) }),
      then: {
        'X-Total-Count': '4',
        'X-Limit': '1',
        Link: `<${base}?offset=1&limit=1&date_from=2026-11-21T10%3A01%3A00.000Z&date_to=2026-11-21T10%3A04%3A00.000Z>; rel="next"`,
      },
    },
  ];
  it.each(table)('given $given, then the headers are the X-Total-Count, X-Limit and next Link', ({ query: given, then }) => {
    expect(pageHeaders(base, given, pageOf(sorted, given, everything))).toEqual(then);
  });
});

describe('ordered index', () => {
  const table: readonly { given: string; when: (index: OrderedIndex<{ key: string; lastUpdated: number }>) => void; then: string }[] = [
    { given: 'records in time order', when: (index) => ['a', 'b', 'c'].forEach((key, minute) => index.upsert(item(key, minute))), then: 'abc' },
    { given: 'a late record', when: (index) => [item('a', 0), item('c', 2), item('b', 1)].forEach((entry) => index.upsert(entry)), then: 'abc' },
    { given: 'equal times', when: (index) => [item('c', 0), item('a', 0), item('b', 0)].forEach((entry) => index.upsert(entry)), then: 'abc' },
    { given: 'an update', when: (index) => [item('a', 0), item('b', 1), item('a', 2)].forEach((entry) => index.upsert(entry)), then: 'ba' },
    {
      given: 'a removal',
      when: (index) => {
        [item('a', 0), item('b', 1), item('c', 2)].forEach((entry) => index.upsert(entry));
        index.remove('b');
        index.remove('unknown');
      },
      then: 'ac',
    },
  ];
  it.each(table)('given $given, then the order is $then', ({ when, then }) => {
    const index = new OrderedIndex<{ key: string; lastUpdated: number }>();
    when(index);
    expect(keysOf(index.ordered())).toBe(then);
    expect(index.size).toBe(then.length);
  });
});

describe('bucketed index', () => {
  const bucketed = (bucket: string, key: string, minute: number) => ({ ...item(key, minute), bucket });
  it('given objects of two buckets, an object moving bucket and a removal, then each bucket holds its own in order', () => {
    const index = new BucketedIndex<{ key: string; lastUpdated: number; bucket: string }>((entry) => entry.bucket);
    [bucketed('x', 'b', 1), bucketed('y', 'c', 2), bucketed('x', 'a', 0), bucketed('y', 'd', 3)].forEach((entry) => index.upsert(entry));
    index.upsert(bucketed('x', 'c', 4));
    index.remove('d');
    expect([keysOf(index.bucket('x')), keysOf(index.bucket('y')), keysOf(index.bucket('z')), index.size]).toEqual(['abc', '', '', 3]);
  });
});
