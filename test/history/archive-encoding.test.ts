import { afterEach, describe, expect, it } from 'vitest';
import { loadArchiveEncoding } from '../../services/history/archive-encoding.ts';
import { eventRows } from '../../services/history/event-rows.ts';
import { applySwitchyardMigrations, openTestClickHouse, type TestClickHouse } from '../support/clickhouse.ts';
import { booted, disconnected } from './support/ocpp-events.ts';

describe('archive encoding', () => {
  let target: TestClickHouse | undefined;

  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it('refuses to start before the migrations made the archive tables', async () => {
    target = await openTestClickHouse();

    await expect(loadArchiveEncoding(target.clickhouse)).rejects.toMatchObject({ code: 'history.table_missing', retriable: false });
  });

  it('lays out the rows the mappers make by the tables\' column types', async () => {
    target = await openTestClickHouse();
    await applySwitchyardMigrations(target.clickhouse);
    const encoding = await loadArchiveEncoding(target.clickhouse);
    const at = Date.parse('2026-11-20T08:00:00.000Z');
    const rows = [
      ...eventRows(booted({ charger: 'CP-1', at }, 'ABB', 'Terra 54', '1.8.0')),
      ...eventRows(disconnected({ charger: 'CP-1', at }, 'conn-1', 60_000)),
    ];

    const lines = rows.map((row) => encoding.layoutOf(row.table, row.values).line(row.values));

    expect(rows.map((row) => row.table)).toEqual(['ocpp_events', 'ocpp_events', 'connection_events']);
    expect(lines[0]).toContain('\t2026-11-20 08:00:00.000\t');
    expect(lines[2]).toMatch(/\t\[\]\t1006\t\\N\tkeepalive_timeout\t60000\t10\.0\.0\.7:51234\n$/);
    expect(lines.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1)).toBe(true);
  });
});
