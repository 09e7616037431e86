import { describe, expect, it } from 'vitest';
import { compileAvroType, type AvroSchema } from '../serde/avro-schema.ts';
import { clickHouseStructureOf } from './avro-structure.ts';

const record = (fields: readonly unknown[]): AvroSchema => ({ type: 'record', name: 'Value', fields });

describe('ClickHouse structure of an Avro record', () => {
  it.each([
    [[{ name: 'text', type: 'string' }, { name: 'raw', type: 'bytes' }], 'text String, raw String'],
    [[{ name: 'n', type: 'int' }, { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }], 'n Int32, at Int64'],
    [[{ name: 'ratio', type: 'float' }, { name: 'kwh', type: 'double' }, { name: 'on', type: 'boolean' }], 'ratio Float32, kwh Float64, on Bool'],
    [[{ name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B_2'] } }], "kind Enum8('A' = 0, 'B_2' = 1)"],
    [[{ name: 'note', type: ['null', 'string'] }], 'note Nullable(String)'],
    [[{ name: 'tags', type: { type: 'array', items: 'string' } }, { name: 'attrs', type: { type: 'map', values: 'long' } }], 'tags Array(String), attrs Map(String, Int64)'],
    [
      [{ name: 'source', type: { type: 'record', name: 'Source', fields: [{ name: 'id', type: 'string' }, { name: 'hash', type: { type: 'fixed', name: 'H', size: 4 } }] } }],
      'source Tuple(id String, hash FixedString(4))',
    ],
  ])('given fields %j, reads them as %s', (fields, structure) => {
    expect(clickHouseStructureOf(compileAvroType(record(fields)))).toBe(structure);
  });

  it.each([
    ['a union of two types', [{ name: 'either', type: ['string', 'long'] }]],
    ['a nullable record', [{ name: 'maybe', type: ['null', { type: 'record', name: 'Inner', fields: [{ name: 'x', type: 'int' }] }] }]],
  ])('given %s, refuses it without retrying', (_name, fields) => {
    expect(() => clickHouseStructureOf(compileAvroType(record(fields)))).toThrow(
      expect.objectContaining({ code: 'clickhouse.unsupported_avro', retriable: false }),
    );
  });
});
