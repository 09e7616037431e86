import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import type { ClickHouse, ColumnFromInput, InputRows, Row, StatementOptions, TabSeparatedRows } from './clickhouse.ts';
import { toSwitchyardError } from './clickhouse-errors.ts';
import { compactRows } from './compact-rows.ts';
import { sqlLiteral } from './sql-literal.ts';

export interface ClientPortOptions {
  /** Rows per INSERT: large enough to amortise a round trip and a part, small enough to bound memory. */
  readonly insertBatchRows: number;
}

/**
 * The client would also print every failed request to stderr, outside the service's JSON logs; the port
 * hands each failure to its caller as a SwitchyardError instead, and the caller decides what to log.
 */
export const clientLogSilenced = { level: ClickHouseLogLevel.OFF };

export const defaultClientPortOptions: ClientPortOptions = { insertBatchRows: 50_000 };

/**
 * The ClickHouse port over one @clickhouse/client. Both adapters end here; they differ only in the
 * connection the client was created with. `release` runs after the client closed (the chDB engine frees
 * its session there).
 */
export function clickHouseOverClient(
  client: ClickHouseClient,
  database: string,
  options: ClientPortOptions,
  release: () => Promise<void> = async () => {},
): ClickHouse {
  if (!Number.isInteger(options.insertBatchRows) || options.insertBatchRows < 1) {
    throw new RangeError(`insertBatchRows must be a positive integer, got ${options.insertBatchRows}`);
  }
  let closing: Promise<void> | undefined;
  return {
    database,
    async query<T extends Row = Row>(sql: string, statement: StatementOptions = {}): Promise<T[]> {
      try {
        const result = await client.query({ query: sql, format: 'JSONEachRow', ...clientParams(statement) });
        return await result.json<T>();
      } catch (error) {
        throw toSwitchyardError(error, 'query');
      }
    },
    async insert(table: string, rows: readonly Row[], statement: Pick<StatementOptions, 'settings'> = {}) {
      for (let start = 0; start < rows.length; start += options.insertBatchRows) {
        try {
          const { columns, values } = compactRows(rows.slice(start, start + options.insertBatchRows));
          const [firstColumn, ...otherColumns] = columns;
          if (firstColumn === undefined) continue;
          await client.insert({
            table,
            columns: [firstColumn, ...otherColumns],
            values,
            format: 'JSONCompactEachRow',
            ...clientParams(statement),
          });
        } catch (error) {
          throw toSwitchyardError(error, `insert into ${table}`);
        }
      }
    },
    async insertTabSeparated(table: string, rows: TabSeparatedRows, statement: Pick<StatementOptions, 'settings'> = {}) {
      const [firstColumn, ...otherColumns] = rows.columns;
      if (firstColumn === undefined || rows.rowCount === 0) return;
      try {
        await client.insert({
          table,
          columns: [firstColumn, ...otherColumns],
          // A byte stream: the client sends raw formats as they are.
          values: Readable.from(rows.chunks, { objectMode: false }),
          format: 'TabSeparated',
          ...clientParams(statement),
        });
      } catch (error) {
        throw toSwitchyardError(error, `insert into ${table}`);
      }
    },
    async insertSelect(table: string, columns: readonly ColumnFromInput[], input: InputRows, statement: Pick<StatementOptions, 'settings'> = {}) {
      if (columns.length === 0 || input.chunks.length === 0) return;
      const query =
        `INSERT INTO ${table} (${columns.map(({ column }) => column).join(', ')}) ` +
        `SELECT ${columns.map(({ expression }) => expression).join(', ')} FROM input(${sqlLiteral(input.structure)}) FORMAT ${input.format}`;
      try {
        const result = await client.exec({ query, values: Readable.from(input.chunks, { objectMode: false }), ...clientParams(statement) });
        // The response is empty, but its stream must be read for the connection to be reused.
        result.stream.resume();
        await finished(result.stream);
      } catch (error) {
        throw toSwitchyardError(error, `insert into ${table}`);
      }
    },
    async command(sql: string, statement: StatementOptions = {}) {
      try {
        await client.command({ query: sql, ...clientParams(statement) });
      } catch (error) {
        throw toSwitchyardError(error, 'command');
      }
    },
    close() {
      closing ??= client.close().then(release);
      return closing;
    },
  };
}

function clientParams(statement: StatementOptions) {
  return {
    ...(statement.params === undefined ? {} : { query_params: { ...statement.params } }),
    ...(statement.settings === undefined ? {} : { clickhouse_settings: { ...statement.settings } }),
    ...(statement.signal === undefined ? {} : { abort_signal: statement.signal }),
  };
}
