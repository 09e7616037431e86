import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { drainPending, Session } from 'chdb';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chdbReadOnlySql } from '../../services/core/clickhouse/chdb-read-only-sql.ts';
import type { ClickHouse } from '../../services/core/clickhouse/clickhouse.ts';
import { readMigrationFiles, switchyardMigrationsDirectory } from '../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../services/core/clickhouse/migrations.ts';
import { openServerClickHouse } from '../../services/core/clickhouse/server-adapter.ts';
import { startSqlEndpoint, type SqlEndpoint } from '../../services/core/clickhouse/sql-endpoint/start-sql-endpoint.ts';
import { fixedClock } from '../../services/core/clock.ts';
import { insertEncoded } from '../support/tab-separated.ts';

const logger = pino({ level: 'silent' });
const clock = fixedClock(Date.parse('2026-11-21T22:00:00.000Z'));

/**
 * No ClickHouse server runs here. The analysts' endpoint speaks ClickHouse's HTTP interface; put in front
 * of a chDB session opened without `readonly`, it accepts writes, so the HTTP adapter's INSERTs (the
 * JSONCompactEachRow body and column list a server receives) are run by the ClickHouse engine for real.
 */
describe('the ClickHouse port over HTTP writes', () => {
  let dataDir: string;
  let session: Session;
  let endpoint: SqlEndpoint;
  let overHttp: ClickHouse;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-http-insert-'));
    session = new Session(dataDir, { connectionArgs: ['--output_format_json_quote_64bit_integers=1', '--session_timezone=UTC'] });
    endpoint = await startSqlEndpoint({ host: '127.0.0.1', port: 0, clickhouse: chdbReadOnlySql(session), logger });
    overHttp = await openServerClickHouse({
      url: endpoint.url,
      user: 'default',
      password: '',
      database: 'switchyard',
      requestTimeoutMs: 10_000,
      port: { insertBatchRows: 2 },
    });
    await applyMigrations({ clickhouse: overHttp, migrations: await readMigrationFiles(switchyardMigrationsDirectory), clock, logger });
  });

  afterAll(async () => {
    await overHttp?.close();
    await endpoint?.close();
    session?.close();
    await drainPending();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records the applied migrations through its own INSERTs', async () => {
    const applied = await overHttp.query<{ n: string }>('SELECT count() AS n FROM schema_migrations');
    const files = await readMigrationFiles(switchyardMigrationsDirectory);

    expect(applied).toEqual([{ n: String(files.length) }]);
  });

  it('inserts rows in batches, with nulls, arrays and rows naming different columns', async () => {
    const rows = [
      { event_id: 'e1', type: 'ChargerBooted', charger_id: 'CP-1', recorded_at: clock.now(), source_service: 'edge', source_instance: 'i', payload: '{"vendor":"ACME"}', correlation_id: null },
      { event_id: 'e2', type: 'ChargerBooted', charger_id: 'CP-1', recorded_at: clock.now() + 1, source_service: 'edge', source_instance: 'i', payload: '{}', correlation_id: 'c-2' },
      // A row without correlation_id and with a key order of its own: the column gets its default (NULL).
      { payload: '{"tab":"\\t"}', source_instance: 'i', source_service: 'edge', recorded_at: clock.now() + 2, charger_id: 'CP-2', type: 'ChargerBooted', event_id: 'e3' },
    ];

    await overHttp.insert('ocpp_events', rows);

    expect(
      await overHttp.query('SELECT event_id, charger_id, toUnixTimestamp64Milli(recorded_at) AS at, correlation_id, payload FROM ocpp_events ORDER BY event_id'),
    ).toEqual([
      { event_id: 'e1', charger_id: 'CP-1', at: String(clock.now()), correlation_id: null, payload: '{"vendor":"ACME"}' },
      { event_id: 'e2', charger_id: 'CP-1', at: String(clock.now() + 1), correlation_id: 'c-2', payload: '{}' },
      { event_id: 'e3', charger_id: 'CP-2', at: String(clock.now() + 2), correlation_id: null, payload: '{"tab":"\\t"}' },
    ]);
  });

  it('inserts TabSeparated rows encoded by column type, with the same statement and body chDB gets', async () => {
    const frame = {
      event_id: 'tsv-1',
      charger_id: 'CP-TSV',
      connection_id: 'conn-1',
      direction: 'OUT',
      protocol: 'ocpp2.0.1',
      message_type: 'CALL',
      message_id: null,
      action: 'DataTransfer',
      text: '[2,"x","DataTransfer",{"data":"tab\there\nnewline \\ ünïcødé"}]',
      received_at: clock.now(),
      recorded_at: clock.now(),
      validation: 'VALID',
      error_code: null,
      error_description: 'it\'s\t\\',
      quirks_applied: ["it's", 'a\\b'],
      source_instance: 'edge-1',
      upstream: 'csms-a',
    };

    await insertEncoded(overHttp, 'ocpp_frames', [frame]);

    expect(
      await overHttp.query(
        `SELECT * EXCEPT (received_at, recorded_at), toUnixTimestamp64Milli(received_at) AS received_at,
                toUnixTimestamp64Milli(recorded_at) AS recorded_at
         FROM ocpp_frames WHERE event_id = 'tsv-1'`,
      ),
    ).toMatchObject([{ ...frame, received_at: String(clock.now()), recorded_at: String(clock.now()) }]);
  });
});
