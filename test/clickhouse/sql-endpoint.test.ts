import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../services/core/clock.ts';
import {
  readMigrationFiles,
  switchyardMigrationsDirectory,
} from '../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../services/core/clickhouse/migrations.ts';
import { startSqlEndpoint, type SqlEndpoint } from '../../services/core/clickhouse/sql-endpoint/start-sql-endpoint.ts';
import { openTestChdb, type EmbeddedTestClickHouse } from '../support/clickhouse.ts';

const logger = pino({ level: 'silent' });
const clock = fixedClock(Date.parse('2026-11-21T22:00:00.000Z'));

describe('the read-only SQL endpoint', () => {
  let engine: EmbeddedTestClickHouse;
  let endpoint: SqlEndpoint;
  let guarded: SqlEndpoint;

  const get = (query: string, extra: Record<string, string> = {}, base = endpoint.url) =>
    fetch(`${base}?${new URLSearchParams({ query, ...extra })}`);
  const post = (body: string, extra: Record<string, string> = {}) =>
    fetch(`${endpoint.url}?${new URLSearchParams(extra)}`, { method: 'POST', body });
  const eventCount = async () =>
    (await engine.clickhouse.query<{ rows: string }>('SELECT count() AS rows FROM ocpp_events'))[0]?.rows;

  beforeAll(async () => {
    engine = await openTestChdb();
    const migrations = await readMigrationFiles(switchyardMigrationsDirectory);
    await applyMigrations({ clickhouse: engine.clickhouse, migrations, clock, logger });
    await engine.clickhouse.insert(
      'ocpp_events',
      ['CP-1', 'CP-1', 'CP-2'].map((chargerId, index) => ({
        event_id: `e${index}`,
        type: 'ChargerBooted',
        charger_id: chargerId,
        recorded_at: clock.now() + index,
        source_service: 'edge',
        source_instance: 'edge-1',
        payload: '{}',
      })),
    );
    endpoint = await startSqlEndpoint({ host: '127.0.0.1', port: 0, clickhouse: engine.readOnlySql, logger, defaultDatabase: 'switchyard' });
    guarded = await startSqlEndpoint({
      host: '127.0.0.1',
      port: 0,
      clickhouse: engine.readOnlySql,
      logger,
      credentials: { user: 'analyst', password: 's3cret' },
    });
  });

  afterAll(async () => {
    await endpoint?.close();
    await guarded?.close();
    await engine?.close();
  });

  it('answers health checks with "Ok."', async () => {
    for (const path of ['ping', 'replicas_status', '']) {
      const response = await fetch(`${endpoint.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('Ok.\n');
    }
  });

  it('answers an unknown path with 404 and a method it does not serve with 405', async () => {
    expect((await fetch(`${endpoint.url}play`)).status).toBe(404);
    expect((await fetch(endpoint.url, { method: 'PUT', body: 'SELECT 1' })).status).toBe(405);
  });

  it('reads a gzip-compressed query body', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      body: gzipSync('SELECT 40 + 2'),
      headers: { 'Content-Encoding': 'gzip' },
    });

    expect(await response.text()).toBe('42\n');
  });

  it('answers SELECT 1 in TabSeparated with the ClickHouse headers', async () => {
    const response = await get('SELECT 1', { query_id: 'q-1' });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1\n');
    expect(response.headers.get('x-clickhouse-format')).toBe('TabSeparated');
    expect(response.headers.get('x-clickhouse-query-id')).toBe('q-1');
    expect(response.headers.get('content-type')).toBe('text/tab-separated-values; charset=UTF-8');
    expect(JSON.parse(response.headers.get('x-clickhouse-summary') ?? '{}')).toMatchObject({ read_rows: '1', written_rows: '0' });
  });

  it('answers in the default_format asked for', async () => {
    const response = await get('SELECT 1 AS one', { default_format: 'JSON' });

    expect(response.headers.get('x-clickhouse-format')).toBe('JSON');
    expect(await response.json()).toMatchObject({ meta: [{ name: 'one', type: 'UInt8' }], data: [{ one: 1 }], rows: 1 });
  });

  it('honours a FORMAT clause in a POSTed query over default_format', async () => {
    const response = await post('SELECT charger_id, count() AS events FROM ocpp_events GROUP BY charger_id ORDER BY charger_id FORMAT JSONEachRow', {
      default_format: 'CSV',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-clickhouse-format')).toBe('JSONEachRow');
    expect(await response.text()).toBe('{"charger_id":"CP-1","events":"2"}\n{"charger_id":"CP-2","events":"1"}\n');
  });

  it('resolves names in the database parameter and binds param_ placeholders', async () => {
    const response = await get('SELECT count() FROM ocpp_events WHERE charger_id = {charger:String}', {
      database: 'switchyard',
      param_charger: 'CP-1',
    });

    expect(await response.text()).toBe('2\n');
  });

  it.each([
    ['INSERT', "INSERT INTO ocpp_events (event_id, charger_id) VALUES ('x', 'CP-9')"],
    ['DROP', 'DROP TABLE ocpp_events'],
    ['TRUNCATE', 'TRUNCATE TABLE ocpp_events'],
    ['ALTER', 'ALTER TABLE ocpp_events DELETE WHERE 1'],
    ['CREATE', 'CREATE TABLE stolen (x UInt8) ENGINE = Memory'],
    ['a local file read', "SELECT * FROM file('/etc/passwd', 'LineAsString')"],
    ['a local file write', "SELECT * FROM ocpp_events INTO OUTFILE '/tmp/switchyard-leak.tsv'"],
  ])('refuses %s with a ClickHouse READONLY error and changes nothing', async (_what, sql) => {
    const response = await post(sql);

    expect(response.status).toBe(403);
    expect(response.headers.get('x-clickhouse-exception-code')).toBe('164');
    expect(await response.text()).toMatch(/^Code: 164\. DB::Exception: .*\(READONLY\)\n$/);
    expect(await eventCount()).toBe('3');
  });

  it('refuses a setting passed as a parameter', async () => {
    const response = await get('SELECT 1', { max_threads: '64' });

    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Cannot modify 'max_threads' setting in readonly mode");
  });

  it.each([
    ['several statements', 'SELECT 1; DROP TABLE ocpp_events', 400, 62],
    ['a syntax error', 'SELEC 1', 400, 62],
    ['an unknown table', 'SELECT * FROM no_such_table', 404, 60],
  ])('answers %s with HTTP %i and code %i', async (_what, sql, status, code) => {
    const response = await post(sql);

    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(new RegExp(`^Code: ${code}\\. DB::Exception: `));
  });

  it('requires the configured credentials for queries, but not for /ping', async () => {
    const authorization = (userAndPassword: string) => ({
      Authorization: `Basic ${Buffer.from(userAndPassword).toString('base64')}`,
    });
    const query = `${guarded.url}?query=SELECT%201`;

    expect((await fetch(`${guarded.url}ping`)).status).toBe(200);
    const anonymous = await fetch(query);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toMatch(/^Code: 194\./);
    const wrong = await fetch(query, { headers: authorization('analyst:guess') });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/^Code: 516\./);
    expect(await (await fetch(query, { headers: authorization('analyst:s3cret') })).text()).toBe('1\n');
    expect(await (await fetch(`${query}&user=analyst&password=s3cret`)).text()).toBe('1\n');
  });

  it('serves @clickhouse/client as a ClickHouse server would', async () => {
    const client = createClient({
      url: guarded.url,
      username: 'analyst',
      password: 's3cret',
      database: 'switchyard',
      log: { level: ClickHouseLogLevel.OFF },
    });
    try {
      expect(await client.ping()).toEqual({ success: true });
      const result = await client.query({
        query: 'SELECT charger_id, count() AS events FROM ocpp_events WHERE charger_id = {charger:String} GROUP BY charger_id',
        query_params: { charger: 'CP-2' },
        format: 'JSONEachRow',
      });
      expect(await result.json()).toEqual([{ charger_id: 'CP-2', events: '1' }]);

      const insert = client.insert({ table: 'ocpp_events', values: [{ event_id: 'x' }], format: 'JSONEachRow' });
      await expect(insert).rejects.toMatchObject({ code: '164', type: 'READONLY' });
    } finally {
      await client.close();
    }
    expect(await eventCount()).toBe('3');
  });
});
