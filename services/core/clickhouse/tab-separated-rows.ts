import { SwitchyardError } from '../errors.ts';
import type { Row, TabSeparatedRows } from './clickhouse.ts';
import { ChunkedBytes } from './chunked-bytes.ts';
import { fieldEncoderOf, type FieldEncoder } from './tab-separated.ts';

/** How one table's rows become TabSeparated lines: the columns, in order, each with its type's encoder. */
export interface TabSeparatedLayout {
  readonly table: string;
  readonly columns: readonly string[];
  /** The row's line, newline included; throws a non-retriable SwitchyardError for a value its column cannot hold. */
  line(row: Row): string;
}

/**
 * The layout of `columns` of a table whose column types are `types` (name -> type, as system.columns has
 * them). A row must name only these columns; one it leaves out counts as NULL, which only a Nullable
 * column takes: a value missing from any other column is a mapping bug, reported like a wrong type.
 */
export function tabSeparatedLayout(table: string, types: ReadonlyMap<string, string>, columns: readonly string[]): TabSeparatedLayout {
  const fields: readonly { readonly column: string; readonly encode: FieldEncoder }[] = columns.map((column) => {
    const type = types.get(column);
    if (type === undefined) throw unknownColumn(table, column);
    return { column, encode: fieldEncoderOf(type) };
  });
  const known = new Set(columns);
  return {
    table,
    columns,
    line(row) {
      // Counting keys in place: Object.keys would allocate an array for every row.
      let keys = 0;
      for (const _key in row) keys += 1;
      if (keys > columns.length) {
        const extra = Object.keys(row).find((key) => !known.has(key));
        if (extra !== undefined) throw unknownColumn(table, extra);
      }
      let line = '';
      let separator = '';
      for (const { column, encode } of fields) {
        line += separator + encode(row[column] ?? null);
        separator = '\t';
      }
      return `${line}\n`;
    },
  };
}

function unknownColumn(table: string, column: string): SwitchyardError {
  return new SwitchyardError('clickhouse.unknown_column', `${table} has no column ${column} to write`, { retriable: false });
}

/** Encoded lines of one table, appended as they are encoded; see ChunkedBytes. */
export class TabSeparatedBuffer extends ChunkedBytes {
  constructor(readonly columns: readonly string[]) {
    super();
  }

  appendLine(line: string): void {
    this.appendText(line);
  }

  appendRows(rows: TabSeparatedRows): void {
    this.appendChunks(rows.chunks, rows.rowCount);
  }

  /** The lines so far. Bytes once handed out are never written again, so the result stays valid. */
  rows(): TabSeparatedRows {
    return { columns: this.columns, chunks: this.chunks(), rowCount: this.count };
  }
}
