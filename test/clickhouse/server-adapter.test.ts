import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../services/core/clock.ts';
import { SwitchyardError } from '../../services/core/errors.ts';
import type { ClickHouse } from '../../services/core/clickhouse/clickhouse.ts';
import { defaultClientPortOptions } from '../../services/core/clickhouse/client-port.ts';
import {
  readMigrationFiles,
  switchyardMigrationsDirectory,
} from '../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../services/core/clickhouse/migrations.ts';
import { openServerClickHouse } from '../../services/core/clickhouse/server-adapter.ts';
import { startSqlEndpoint, type SqlEndpoint } from '../../services/core/clickhouse/sql-endpoint/start-sql-endpoint.ts';
import { openTestChdb, type EmbeddedTestClickHouse } from '../support/clickhouse.ts';

const logger = pino({ level: 'silent' });
const clock = fixedClock(Date.parse('2026-11-21T22:00:00.000Z'));

/**
 * No ClickHouse server runs here, but the analysts' endpoint speaks ClickHouse's HTTP interface: the HTTP
 * adapter is exercised against it over a real socket (read-only, so only reads succeed).
 */
describe('the ClickHouse port over HTTP', () => {
  let engine: EmbeddedTestClickHouse;
  let endpoint: SqlEndpoint;
  let overHttp: ClickHouse;

  beforeAll(async () => {
    engine = await openTestChdb();
    const migrations = await readMigrationFiles(switchyardMigrationsDirectory);
    await applyMigrations({ clickhouse: engine.clickhouse, migrations, clock, logger });
    await engine.clickhouse.insert('ocpp_events', [
      { event_id: 'e1', type: 'ChargerBooted', charger_id: 'CP-1', recorded_at: clock.now(), source_service: 'edge', source_instance: 'i', payload: '{"vendor":"ACME"}' },
    ]);
    endpoint = await startSqlEndpoint({ host: '127.0.0.1', port: 0, clickhouse: engine.readOnlySql, logger });
    overHttp = await openServerClickHouse({
      url: endpoint.url,
      user: 'default',
      password: '',
      database: 'switchyard',
      requestTimeoutMs: 10_000,
      port: defaultClientPortOptions,
    });
  });

  afterAll(async () => {
    await overHttp?.close();
    await endpoint?.close();
    await engine?.close();
  });

  it('queries with bound parameters in its database', async () => {
    const rows = await overHttp.query('SELECT event_id, JSONExtractString(payload, {field:String}) AS vendor FROM ocpp_events', {
      params: { field: 'vendor' },
    });

    expect(rows).toEqual([{ event_id: 'e1', vendor: 'ACME' }]);
  });

  it('maps a server exception to a non-retriable SwitchyardError with its code', async () => {
    const failure = overHttp.command('DROP TABLE ocpp_events');

    await expect(failure).rejects.toBeInstanceOf(SwitchyardError);
    await expect(failure).rejects.toMatchObject({ code: 'clickhouse.164', retriable: false });
  });

  it('maps an unreachable server to a retriable error', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });

    const opening = openServerClickHouse({
      url: `http://127.0.0.1:${closedPort}`,
      user: 'default',
      password: '',
      database: 'switchyard',
      requestTimeoutMs: 2_000,
      port: defaultClientPortOptions,
    });

    await expect(opening).rejects.toMatchObject({ code: 'clickhouse.unavailable', retriable: true });
  });
});
