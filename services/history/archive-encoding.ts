import type { ClickHouse, Row } from '../core/clickhouse/clickhouse.ts';
import { tabSeparatedLayout, type TabSeparatedLayout } from '../core/clickhouse/tab-separated-rows.ts';
import { tableColumnTypes } from '../core/clickhouse/table-columns.ts';
import { SwitchyardError } from '../core/errors.ts';
import { archiveTables, type ArchiveTable } from './archive-row.ts';

/** How archive rows become TabSeparated lines, table by table. */
export interface ArchiveEncoding {
  /** The table's layout: the columns its first row named, which every later row of the table shares. */
  layoutOf(table: ArchiveTable, row: Row): TabSeparatedLayout;
  /** Throws a non-retriable error naming the first of `columns` the table lacks. */
  assertColumns(table: ArchiveTable, columns: readonly string[]): void;
}

/** Column name -> ClickHouse type, for every archive table. */
export type ArchiveColumnTypes = Readonly<Record<ArchiveTable, ReadonlyMap<string, string>>>;

/**
 * The encoding over column types read once from ClickHouse. A missing table stops the start (migrations not
 * applied): archiving must not begin, let alone dead-letter records it could not encode.
 */
export async function loadArchiveEncoding(clickhouse: ClickHouse): Promise<ArchiveEncoding> {
  const types = await tableColumnTypes(clickhouse, archiveTables);
  const typesOf = (table: ArchiveTable): ReadonlyMap<string, string> => {
    const columns = types.get(table);
    if (columns !== undefined) return columns;
    throw new SwitchyardError('history.table_missing', `ClickHouse has no ${table} table in ${clickhouse.database}; are the migrations applied?`, {
      retriable: false,
    });
  };
  return archiveEncoding(everyArchiveTable(typesOf));
}

/** The column types of every archive table, from `typesOf`. */
export function everyArchiveTable(typesOf: (table: ArchiveTable) => ReadonlyMap<string, string>): ArchiveColumnTypes {
  return Object.fromEntries(archiveTables.map((table) => [table, typesOf(table)])) as Record<ArchiveTable, ReadonlyMap<string, string>>;
}

export function archiveEncoding(types: ArchiveColumnTypes): ArchiveEncoding {
  const layouts = new Map<ArchiveTable, TabSeparatedLayout>();
  return {
    layoutOf(table, row) {
      let layout = layouts.get(table);
      if (layout === undefined) {
        layout = tabSeparatedLayout(table, types[table], Object.keys(row));
        layouts.set(table, layout);
      }
      return layout;
    },
    assertColumns(table, columns) {
      tabSeparatedLayout(table, types[table], columns);
    },
  };
}
