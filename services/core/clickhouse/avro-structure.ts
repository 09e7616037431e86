import type avro from 'avsc';
import { SwitchyardError } from '../errors.ts';
import { sqlLiteral } from './sql-literal.ts';

/**
 * The ClickHouse structure (`name Type, ...`) that reads values of an Avro record type from the `Avro`
 * input format: records become named Tuples, unions of null and one type Nullable, enums Enum8/Enum16 by
 * symbol, longs Int64 (timestamp-millis included: the SELECT over the input converts them). Both a server's
 * `input()` and chDB's `file()` take it, so a batch reads the same in both modes.
 */
export function clickHouseStructureOf(record: avro.Type): string {
  if (record.typeName !== 'record') throw unsupported(record, 'the top level must be a record');
  return fieldsOf(record as avro.types.RecordType);
}

function fieldsOf(record: avro.types.RecordType): string {
  return record.fields.map((field) => `${field.name} ${columnTypeOf(field.type)}`).join(', ');
}

function columnTypeOf(type: avro.Type): string {
  const typeName = type.typeName;
  switch (typeName) {
    case 'string':
    case 'bytes':
      return 'String';
    case 'int':
      return 'Int32';
    case 'long':
      return 'Int64';
    case 'float':
      return 'Float32';
    case 'double':
      return 'Float64';
    case 'boolean':
      return 'Bool';
    case 'fixed':
      return `FixedString(${(type as avro.types.FixedType).size})`;
    case 'enum': {
      const symbols = (type as avro.types.EnumType).symbols;
      const width = symbols.length <= 127 ? 'Enum8' : 'Enum16';
      return `${width}(${symbols.map((symbol, index) => `${sqlLiteral(symbol)} = ${index}`).join(', ')})`;
    }
    case 'record':
      return `Tuple(${fieldsOf(type as avro.types.RecordType)})`;
    case 'array':
      return `Array(${columnTypeOf((type as avro.types.ArrayType).itemsType)})`;
    case 'map':
      return `Map(String, ${columnTypeOf((type as avro.types.MapType).valuesType)})`;
    case 'union:unwrapped':
    case 'union:wrapped':
      return nullableOf(type, (type as avro.types.UnwrappedUnionType | avro.types.WrappedUnionType).types);
    default:
      throw unsupported(type, 'no ClickHouse column type reads it');
  }
}

/** ClickHouse reads a union only as Nullable of its one other branch, and only scalars are Nullable. */
function nullableOf(union: avro.Type, branches: readonly avro.Type[]): string {
  const others = branches.filter((branch) => branch.typeName !== 'null');
  const [only] = others;
  if (only === undefined || others.length !== 1 || branches.length !== 2) throw unsupported(union, 'only a union of null and one type reads');
  const inner = columnTypeOf(only);
  if (/^(Tuple|Array|Map)\(/.test(inner)) throw unsupported(union, `${inner} cannot be Nullable`);
  return `Nullable(${inner})`;
}

function unsupported(type: avro.Type, why: string): SwitchyardError {
  return new SwitchyardError('clickhouse.unsupported_avro', `Avro type ${type.name ?? type.typeName} cannot be read by ClickHouse here: ${why}`, {
    retriable: false,
  });
}
