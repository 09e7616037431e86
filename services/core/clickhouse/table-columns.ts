import type { ClickHouse } from './clickhouse.ts';

/** Column name -> ClickHouse type (as system.columns spells it), per table of the port's database. */
export type TableColumnTypes = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The column types of `tables`; a table that does not exist is absent from the result. */
export async function tableColumnTypes(clickhouse: ClickHouse, tables: readonly string[]): Promise<TableColumnTypes> {
  const rows = await clickhouse.query<{ table: string; name: string; type: string }>(
    `SELECT table, name, type FROM system.columns
     WHERE database = currentDatabase() AND table IN {tables:Array(String)}
     ORDER BY table, position`,
    { params: { tables } },
  );
  const types = new Map<string, Map<string, string>>();
  for (const { table, name, type } of rows) {
    const columns = types.get(table) ?? new Map<string, string>();
    columns.set(name, type);
    types.set(table, columns);
  }
  return types;
}
