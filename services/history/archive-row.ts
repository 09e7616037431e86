import type { Row } from '../core/clickhouse/clickhouse.ts';

/** The ClickHouse tables the history service writes (infra/clickhouse/migrations). */
export const archiveTables = ['ocpp_frames', 'ocpp_events', 'connection_events', 'cdrs', 'ocpi_exchanges', 'locations'] as const;
export type ArchiveTable = (typeof archiveTables)[number];

/** One row for one table; times are epoch milliseconds, which the ClickHouse port reads as DateTime64. */
export interface ArchiveRow {
  readonly table: ArchiveTable;
  readonly values: Row;
}
