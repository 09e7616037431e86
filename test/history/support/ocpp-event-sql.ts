import type { ClickHouse } from '../../../services/core/clickhouse/clickhouse.ts';

/** An ocpp_events row as a test writes it straight into ClickHouse (no bus, no history service). */
export interface OcppEventRow {
  readonly id: string;
  readonly type: string;
  readonly chargerId: string;
  /** 'YYYY-MM-DD hh:mm:ss.fff' UTC, recorded_at. */
  readonly at: string;
  readonly payload: object;
}

/** Inserts the rows with SQL, for tests of migrations and views over rows the archiver did not write. */
export async function insertOcppEvents(clickhouse: ClickHouse, rows: readonly OcppEventRow[]): Promise<void> {
  const values = rows.map(
    ({ id, type, chargerId, at, payload }) =>
      `('${id}', '${type}', '${chargerId}', NULL, '${at}', 'conn-1', 'edge', 'edge-1', NULL, NULL, '${JSON.stringify(payload)}')`,
  );
  await clickhouse.command(
    `INSERT INTO ocpp_events (event_id, type, charger_id, occurred_at, recorded_at, connection_id, source_service, source_instance, correlation_id, causation_id, payload) VALUES ${values.join(', ')}`,
  );
}
