import { describe, expect, it } from 'vitest';
import { fieldEncoderOf } from '../../services/core/clickhouse/tab-separated.ts';
import { TabSeparatedBuffer, tabSeparatedLayout } from '../../services/core/clickhouse/tab-separated-rows.ts';

const at = Date.parse('2026-11-20T08:09:10.042Z');

const fields: readonly { readonly type: string; readonly given: unknown; readonly then: string }[] = [
  { type: 'String', given: 'plain', then: 'plain' },
  { type: 'String', given: '', then: '' },
  { type: 'String', given: 'tab\there', then: 'tab\\there' },
  { type: 'String', given: 'two\nlines\r\n', then: 'two\\nlines\\r\\n' },
  { type: 'String', given: 'C:\\path\\', then: 'C:\\\\path\\\\' },
  { type: 'String', given: `[2,"1","DataTransfer",{"data":"it's \\"quoted\\""}]`, then: `[2,"1","DataTransfer",{"data":"it's \\\\"quoted\\\\""}]` },
  { type: 'String', given: 'ünïcødé €😀', then: 'ünïcødé €😀' },
  { type: 'String', given: '\\N', then: '\\\\N' },
  { type: 'LowCardinality(String)', given: 'edge-1', then: 'edge-1' },
  { type: 'Nullable(String)', given: null, then: '\\N' },
  { type: 'Nullable(String)', given: undefined, then: '\\N' },
  { type: 'Nullable(String)', given: 'x\ty', then: 'x\\ty' },
  { type: 'LowCardinality(Nullable(String))', given: null, then: '\\N' },
  { type: "DateTime64(3, 'UTC')", given: at, then: '2026-11-20 08:09:10.042' },
  { type: "DateTime64(3, 'UTC')", given: 0, then: '1970-01-01 00:00:00.000' },
  { type: "DateTime64(3, 'UTC')", given: -1, then: '1969-12-31 23:59:59.999' },
  { type: "Nullable(DateTime64(3, 'UTC'))", given: null, then: '\\N' },
  { type: "DateTime('UTC')", given: at, then: '2026-11-20 08:09:10' },
  { type: 'UInt16', given: 65535, then: '65535' },
  { type: 'Nullable(UInt64)', given: 86_400_000, then: '86400000' },
  { type: 'UInt64', given: 18446744073709551615n, then: '18446744073709551615' },
  { type: 'Float64', given: -12.5, then: '-12.5' },
  { type: 'Nullable(Float64)', given: null, then: '\\N' },
  { type: 'Bool', given: true, then: 'true' },
  { type: 'Bool', given: false, then: 'false' },
  { type: 'Array(String)', given: [], then: '[]' },
  { type: 'Array(String)', given: ['number-as-string', "it's", 'a\\b', 'tab\tnew\nline'], then: "['number-as-string','it\\'s','a\\\\b','tab\\tnew\\nline']" },
  { type: 'Array(LowCardinality(String))', given: ['ocpp1.6', 'ocpp2.0.1'], then: "['ocpp1.6','ocpp2.0.1']" },
  { type: 'Array(Nullable(String))', given: ['a', null], then: "['a',NULL]" },
  { type: "Array(DateTime64(3, 'UTC'))", given: [at], then: "['2026-11-20 08:09:10.042']" },
  { type: 'Map(String, String)', given: {}, then: '{}' },
  { type: 'Map(String, String)', given: { 'x-request-id': 'r-1', quote: "o'k" }, then: "{'x-request-id':'r-1','quote':'o\\'k'}" },
];

describe('TabSeparated fields', () => {
  it.each(fields)('given $given in a $type column, writes $then', ({ type, given, then }) => {
    expect(fieldEncoderOf(type)(given)).toBe(then);
  });

  const unencodable: readonly { readonly type: string; readonly given: unknown }[] = [
    { type: 'String', given: 42 },
    { type: 'String', given: null },
    { type: "DateTime64(3, 'UTC')", given: '2026-11-20' },
    { type: "DateTime64(3, 'UTC')", given: Number.NaN },
    { type: "DateTime64(3, 'UTC')", given: 1e17 },
    { type: 'UInt16', given: '1' },
    { type: 'Float64', given: Number.POSITIVE_INFINITY },
    { type: 'Bool', given: 1 },
    { type: 'Array(String)', given: 'a' },
    { type: 'Array(String)', given: [1] },
    { type: 'Map(String, String)', given: ['a'] },
  ];

  it.each(unencodable)('given $given in a $type column, throws a non-retriable error', ({ type, given }) => {
    expect(() => fieldEncoderOf(type)(given)).toThrow(expect.objectContaining({ code: 'clickhouse.unencodable', retriable: false }));
  });

  it.each(['Tuple(String, UInt8)', 'JSON', 'Nested(a String)', 'Array(String'])('refuses a %s column when the layout is made', (type) => {
    expect(() => fieldEncoderOf(type)).toThrow(expect.objectContaining({ code: 'clickhouse.unsupported_type' }));
  });
});

describe('TabSeparated rows', () => {
  const types = new Map([
    ['id', 'String'],
    ['note', 'Nullable(String)'],
    ['tags', 'Array(String)'],
  ]);

  it('writes the columns of the layout, in its order, one line per row; a left-out Nullable column as NULL', () => {
    const layout = tabSeparatedLayout('t', types, ['id', 'note', 'tags']);

    expect(layout.line({ id: 'a', note: 'n', tags: ['x'] })).toBe("a\tn\t['x']\n");
    expect(layout.line({ tags: [], id: 'b' })).toBe('b\t\\N\t[]\n');
    expect(() => layout.line({ note: 'n', tags: [] })).toThrow(expect.objectContaining({ code: 'clickhouse.unencodable' }));
  });

  it('refuses a row naming a column the layout does not have, and a layout naming one the table does not have', () => {
    const layout = tabSeparatedLayout('t', types, ['id']);

    expect(() => layout.line({ id: 'a', tags: [] })).toThrow(expect.objectContaining({ code: 'clickhouse.unknown_column', retriable: false }));
    expect(() => tabSeparatedLayout('t', types, ['id', 'missing'])).toThrow(expect.objectContaining({ code: 'clickhouse.unknown_column' }));
  });

  it('keeps lines in order across buffers and across appended batches, and earlier views stay intact', () => {
    const buffer = new TabSeparatedBuffer(['id']);
    const long = 'x'.repeat(40_000);
    for (let index = 0; index < 5; index += 1) buffer.appendLine(`${index}${long}\n`);
    const first = buffer.rows();
    const later = new TabSeparatedBuffer(['id']);
    later.appendLine('after\n');

    later.appendRows(first);
    later.appendLine('last\n');
    buffer.appendLine('5\n');

    const lines = (rows: { readonly chunks: readonly Uint8Array[] }) =>
      Buffer.concat(rows.chunks).toString('utf8').split('\n').filter((line) => line !== '').map((line) => line.slice(0, 5));
    expect(first.chunks.length).toBeGreaterThan(1);
    expect(lines(first)).toEqual(['0xxxx', '1xxxx', '2xxxx', '3xxxx', '4xxxx']);
    expect(lines(later.rows())).toEqual(['after', '0xxxx', '1xxxx', '2xxxx', '3xxxx', '4xxxx', 'last']);
    expect(later.rows().rowCount).toBe(7);
    expect(lines(buffer.rows())).toEqual(['0xxxx', '1xxxx', '2xxxx', '3xxxx', '4xxxx', '5']);
  });
});
