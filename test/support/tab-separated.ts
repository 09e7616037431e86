import type { ClickHouse, Row } from '../../services/core/clickhouse/clickhouse.ts';
import { TabSeparatedBuffer, tabSeparatedLayout } from '../../services/core/clickhouse/tab-separated-rows.ts';
import { tableColumnTypes } from '../../services/core/clickhouse/table-columns.ts';

/** Encodes `rows` by the table's column types, as the history service does, and inserts them in one INSERT. */
export async function insertEncoded(clickhouse: ClickHouse, table: string, rows: readonly Row[]): Promise<void> {
  const types = (await tableColumnTypes(clickhouse, [table])).get(table);
  const first = rows[0];
  if (types === undefined || first === undefined) throw new Error(`no ${table} table or no rows`);
  const layout = tabSeparatedLayout(table, types, Object.keys(first));
  const buffer = new TabSeparatedBuffer(layout.columns);
  for (const row of rows) buffer.appendLine(layout.line(row));
  await clickhouse.insertTabSeparated(table, buffer.rows());
}
