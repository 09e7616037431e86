import type avro from 'avsc';
import type { ColumnFromInput } from '../core/clickhouse/clickhouse.ts';
import { clickHouseStructureOf } from '../core/clickhouse/avro-structure.ts';
import { sqlLiteral } from '../core/clickhouse/sql-literal.ts';
import { SwitchyardError } from '../core/errors.ts';
import type { AvroSchema } from '../core/serde/avro-schema.ts';
import type { AvroReading } from '../core/serde/serde.ts';
import type { ArchiveTable } from './archive-row.ts';

/** A column of an archive table taken from one field of the record as it was written. */
export interface AvroColumn {
  readonly column: string;
  /** The field's path in today's schema; through an array of records it names each element's field (an Array). */
  readonly path: readonly string[];
  /** SQL turning the field as ClickHouse reads it into the column's value (an enum into its symbol, ...). */
  readonly convert?: (field: string) => string;
}

/** A topic archived by handing its records' Avro bodies to ClickHouse, which maps them to `table`. */
export interface AvroTableMapping {
  readonly table: ArchiveTable;
  readonly columns: readonly AvroColumn[];
}

/** How the records written with one schema id are inserted: the SELECT over them, and how ClickHouse reads them. */
export interface AvroInsertPlan {
  readonly table: ArchiveTable;
  readonly columns: readonly ColumnFromInput[];
  readonly structure: string;
  readonly writerSchema: AvroSchema;
}

/**
 * The plan for records read with `reading`. A field the writer schema lacks (written before the field was
 * added) takes today's default, as a decoder resolving the schemas would give it. Throws a non-retriable
 * error when the mapping names a field today's schema lacks or ClickHouse cannot read the writer schema.
 */
export function planAvroInsert(mapping: AvroTableMapping, reading: AvroReading): AvroInsertPlan {
  return {
    table: mapping.table,
    columns: mapping.columns.map(({ column, path, convert }) => {
      const field = fieldOrDefault(reading, path, `${mapping.table}.${column}`);
      return { column, expression: convert === undefined ? field : convert(field) };
    }),
    structure: clickHouseStructureOf(reading.writer),
    writerSchema: reading.writerSchema,
  };
}

/** `a.b.c` when the writer has every field of the path, else today's default of the first one it lacks as a literal. */
function fieldOrDefault(reading: AvroReading, path: readonly string[], column: string): string {
  let readerType: avro.Type = reading.reader;
  let writerType: avro.Type | undefined = reading.writer;
  let throughArray = false;
  for (const [index, name] of path.entries()) {
    const readerField = recordOf(readerType)?.field(name);
    if (readerField === undefined) throw unmapped(column, `today's schema has no field ${path.slice(0, index + 1).join('.')}`);
    const writerField: avro.types.Field | undefined = recordOf(writerType)?.field(name);
    if (writerField === undefined) {
      // Each element of an array the writer had would need the default: no such column value here.
      if (throughArray) throw unmapped(column, `the writer's elements lack ${name}`);
      return sqlLiteral(follow(readerField.defaultValue(), path.slice(index + 1)));
    }
    throughArray ||= readerField.type.typeName === 'array';
    readerType = readerField.type;
    writerType = writerField.type;
  }
  return path.join('.');
}

/** A default value's part at `path`: through records by field, through arrays element by element. */
function follow(value: unknown, path: readonly string[]): unknown {
  const [name, ...rest] = path;
  if (name === undefined || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((element) => follow(element, path));
  return follow((value as Record<string, unknown>)[name], rest);
}

/** A record type, or the record type of an array's elements. */
function recordOf(type: avro.Type | undefined): avro.types.RecordType | undefined {
  if (type === undefined) return undefined;
  if (type.typeName === 'record') return type as avro.types.RecordType;
  if (type.typeName === 'array') return recordOf((type as avro.types.ArrayType).itemsType);
  return undefined;
}

function unmapped(column: string, why: string): SwitchyardError {
  return new SwitchyardError('history.unmapped_field', `${column} cannot be archived: ${why}`, { retriable: false });
}
