/**
 * The ClickHouse port. Two adapters implement it on the same @clickhouse/client calls: an HTTP connection to
 * a ClickHouse server (distributed mode) and chDB in-process (embedded mode). Unqualified table names resolve
 * in the adapter's database, which the adapter creates when it opens, so the same SQL runs in both modes.
 */

/** Values bound server-side to `{name:Type}` placeholders: never spliced into the SQL text. */
export type QueryParams = Readonly<Record<string, unknown>>;

/** Per-statement ClickHouse settings (e.g. `{ max_execution_time: 5 }`). */
export type ClickHouseSettings = Readonly<Record<string, string | number | boolean>>;

export interface StatementOptions {
  readonly params?: QueryParams;
  readonly settings?: ClickHouseSettings;
  readonly signal?: AbortSignal;
}

export type Row = Record<string, unknown>;

/** Rows already encoded as TabSeparated text (tab-separated-rows.ts): one line per row, `columns` in order. */
export interface TabSeparatedRows {
  readonly columns: readonly string[];
  /** The lines' UTF-8 bytes, in pieces that only ever split between lines. */
  readonly chunks: readonly Uint8Array[];
  readonly rowCount: number;
}

/** Rows in a binary input format, read by ClickHouse itself with `structure`. */
export interface InputRows {
  readonly format: 'Avro';
  /** The input's fields and their ClickHouse types (`name Type, ...`). */
  readonly structure: string;
  /** The input's bytes, in pieces. */
  readonly chunks: readonly Uint8Array[];
}

/** A table column and the SQL expression over the input's fields that computes it. */
export interface ColumnFromInput {
  readonly column: string;
  readonly expression: string;
}

export interface ClickHouse {
  /** The database unqualified table names resolve in. */
  readonly database: string;
  /** Runs a SELECT and returns its rows (JSONEachRow: 64-bit integers come back as strings). */
  query<T extends Row = Row>(sql: string, options?: StatementOptions): Promise<T[]>;
  /**
   * Inserts rows in batches (sent as JSONCompactEachRow with a column list: the columns any row names);
   * each batch is all-or-error, earlier batches stay inserted.
   * Give DateTime64 values as epoch milliseconds: both modes read those the same way.
   */
  insert(table: string, rows: readonly Row[], options?: Pick<StatementOptions, 'settings'>): Promise<void>;
  /**
   * Inserts rows encoded ahead of time, in one INSERT (all-or-error). TabSeparated is the cheapest text
   * format for ClickHouse to parse, and encoding as rows arrive keeps them off the JavaScript heap.
   */
  insertTabSeparated(table: string, rows: TabSeparatedRows, options?: Pick<StatementOptions, 'settings'>): Promise<void>;
  /**
   * Inserts rows ClickHouse reads from `input` and maps with `columns`, in one INSERT (all-or-error):
   * `INSERT INTO table (columns) SELECT expressions FROM input(structure) FORMAT format`, the bytes as its
   * data in both modes. For values kept in a format ClickHouse parses faster than JavaScript could
   * re-encode them (history's Avro records).
   */
  insertSelect(table: string, columns: readonly ColumnFromInput[], input: InputRows, options?: Pick<StatementOptions, 'settings'>): Promise<void>;
  /** Runs a statement that returns no rows (DDL, OPTIMIZE, ...). */
  command(sql: string, options?: StatementOptions): Promise<void>;
  close(): Promise<void>;
}
