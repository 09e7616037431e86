import type { Row } from './clickhouse.ts';

export interface CompactRows {
  /** Every column any row names, in the order they first appear. */
  readonly columns: readonly string[];
  /** One array per row, its values in `columns` order; a column the row does not name is null. */
  readonly values: readonly (readonly unknown[])[];
}

/**
 * Rows as JSONCompactEachRow wants them: keys are sent once per INSERT (in its column list) instead of once
 * per row, which makes both the JSON text and ClickHouse's parsing of it cheaper. A null in a column that
 * is not Nullable becomes the column default (input_format_null_as_default, on by default), as an absent
 * key does in JSONEachRow.
 */
export function compactRows(rows: readonly Row[]): CompactRows {
  const first = rows[0];
  if (first === undefined) return { columns: [], values: [] };
  const columns = Object.keys(first);
  // Rows built by one literal share their keys; only a row with other keys pays for the full union.
  const named = rows.every((row) => hasExactly(row, columns)) ? columns : unionOfKeys(rows);
  return { columns: named, values: valuesOf(rows, named) };
}

function hasExactly(row: Row, columns: readonly string[]): boolean {
  const keys = Object.keys(row);
  if (keys.length !== columns.length) return false;
  for (let index = 0; index < keys.length; index += 1) if (keys[index] !== columns[index]) return false;
  return true;
}

function unionOfKeys(rows: readonly Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

function valuesOf(rows: readonly Row[], columns: readonly string[]): unknown[][] {
  return rows.map((row) => columns.map((column) => row[column] ?? null));
}
