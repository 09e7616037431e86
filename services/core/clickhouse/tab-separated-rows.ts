import { SwitchyardError } from '../errors.ts';
import type { Row, TabSeparatedRows } from './clickhouse.ts';
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

const firstChunkBytes = 64 * 1024;
const maxChunkBytes = 1024 * 1024;

/**
 * Encoded lines of one table, appended into buffers: the rows wait for their INSERT as bytes outside the
 * JavaScript heap instead of as objects the garbage collector keeps copying. Full buffers are kept as they
 * are and new ones added (growing one would copy every byte again, and fault in fresh pages each time).
 */
export class TabSeparatedBuffer {
  private readonly chunks: Uint8Array[] = [];
  private current = Buffer.allocUnsafe(firstChunkBytes);
  private used = 0;
  private handedOut = 0;
  private count = 0;

  constructor(readonly columns: readonly string[]) {}

  get rowCount(): number {
    return this.count;
  }

  appendLine(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const most = line.length * 3;
    if (this.used + most > this.current.length) {
      this.seal();
      this.current = Buffer.allocUnsafe(Math.max(most, Math.min(maxChunkBytes, 2 * this.current.length)));
      this.used = 0;
      this.handedOut = 0;
    }
    this.used += this.current.write(line, this.used, 'utf8');
    this.count += 1;
  }

  appendRows(rows: TabSeparatedRows): void {
    this.seal();
    this.chunks.push(...rows.chunks);
    this.count += rows.rowCount;
  }

  /** The lines so far. Bytes once handed out are never written again, so the result stays valid. */
  rows(): TabSeparatedRows {
    this.seal();
    return { columns: this.columns, chunks: [...this.chunks], rowCount: this.count };
  }

  private seal(): void {
    if (this.used === this.handedOut) return;
    this.chunks.push(this.current.subarray(this.handedOut, this.used));
    this.handedOut = this.used;
  }
}
