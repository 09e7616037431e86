import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePorts, startSwitchyard, type SwitchyardProcess } from './switchyard-process.ts';

const shutdownTimeoutMs = 20_000;

describe('switchyard run (embedded, one process)', () => {
  let root: string;
  let env: Record<string, string>;
  let admin: string;
  let sql: string;
  let ocpi: string;
  const running: SwitchyardProcess[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'switchyard-run-'));
    const [edgePort, ocpiPort, adminPort, sqlPort] = await freePorts(4);
    env = {
      SWITCHYARD_DATA_DIR: path.join(root, 'data'),
      SWITCHYARD_EDGE_PORT: String(edgePort),
      SWITCHYARD_OCPI_PORT: String(ocpiPort),
      SWITCHYARD_ADMIN_PORT: String(adminPort),
      SWITCHYARD_SQL_PORT: String(sqlPort),
      SWITCHYARD_SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
    };
    admin = `http://127.0.0.1:${adminPort}`;
    sql = `http://127.0.0.1:${sqlPort}/`;
    ocpi = `http://127.0.0.1:${ocpiPort}/ocpi`;
  });

  afterEach(async () => {
    for (const process of running.splice(0)) await process.kill();
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function run(): SwitchyardProcess {
    const process = startSwitchyard(['run'], env);
    running.push(process);
    return process;
  }

  async function untilReady(process: SwitchyardProcess): Promise<void> {
    await eventually(process, async () => ((await fetch(`${admin}/readyz`)).status === 200 ? true : undefined), '/readyz 200');
  }

  async function stopGracefully(process: SwitchyardProcess): Promise<number | NodeJS.Signals> {
    const started = Date.now();
    process.child.kill('SIGTERM');
    const code = await process.exited;
    expect(Date.now() - started).toBeLessThan(shutdownTimeoutMs);
    return code;
  }

  it('serves health, readiness, metrics, the admin API and SQL, then stops cleanly on SIGTERM', async () => {
    const process = run();
    const health = await eventually(process, async () => {
      const response = await fetch(`${admin}/healthz`);
      return response.status === 200 ? response : undefined;
    }, '/healthz');
    expect(await health.json()).toEqual({ status: 'alive' });

    await untilReady(process);
    const readiness = (await (await fetch(`${admin}/readyz`)).json()) as { ready: boolean; components: Record<string, { ready: boolean }> };
    expect(readiness.ready).toBe(true);
    expect(Object.keys(readiness.components)).toEqual(expect.arrayContaining(['listeners', 'bus', 'schema-registry', 'clickhouse', 'sql-endpoint', 'ocpi']));

    const metrics = await fetch(`${admin}/metrics`);
    expect(metrics.status).toBe(200);
    const exposition = await metrics.text();
    expect(exposition).toContain('process_cpu_user_seconds_total');
    expect(exposition).toContain('nodejs_heap_size_used_bytes');

    const anonymous = await fetch(`${admin}/api/openapi.json`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');

    const tokenFile = path.join(env['SWITCHYARD_DATA_DIR'] ?? '', 'admin.token');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    const document = await fetch(`${admin}/api/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
    expect(document.status).toBe(200);
    expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.0');

    const anonymousPartner = await fetch(`${ocpi}/versions`);
    expect(anonymousPartner.status).toBe(401);
    expect(((await anonymousPartner.json()) as { status_code: number }).status_code).toBe(2000);
    const tokenA = await fetch(`${admin}/api/ocpi/token-a`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(tokenA.status).toBe(201);
    const { token: partnerToken } = (await tokenA.json()) as { token: string };
    const versions = await fetch(`${ocpi}/versions`, { headers: { authorization: `Token ${Buffer.from(partnerToken).toString('base64')}` } });
    expect(((await versions.json()) as { data: { version: string }[] }).data.map((entry) => entry.version)).toEqual(['2.2.1', '2.1.1']);

    const one = await fetch(sql, { method: 'POST', body: 'SELECT 1' });
    expect(one.status).toBe(200);
    expect(await one.text()).toBe('1\n');

    const cli = startSwitchyard(['sql', 'SELECT 40 + 2 AS answer', '--format', 'TSV'], env);
    running.push(cli);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('42\n');

    expect(await stopGracefully(process)).toBe(0);
    expect(process.output()).toContain('shutdown finished');
  });

  it('keeps its admin token, its log and its ClickHouse data across a restart', async () => {
    const tokenFile = path.join(env['SWITCHYARD_DATA_DIR'] ?? '', 'admin.token');
    const first = run();
    await untilReady(first);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    const authorized = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const registered = await fetch(`${admin}/api/chargers/CP-RESTART`, {
      method: 'PUT',
      headers: authorized,
      body: JSON.stringify({ securityProfile: 0 }),
    });
    expect(registered.status).toBe(201);
    expect(await stopGracefully(first)).toBe(0);

    const second = run();
    await untilReady(second);
    expect((await readFile(tokenFile, 'utf8')).trim()).toBe(token);
    const charger = await fetch(`${admin}/api/chargers/CP-RESTART`, { headers: authorized });
    expect(charger.status).toBe(200);
    const migrations = await fetch(sql, { method: 'POST', body: 'SELECT count() FROM switchyard.schema_migrations' });
    expect(Number(await migrations.text())).toBeGreaterThan(0);
    expect(second.output()).not.toContain('applied ClickHouse migration');
    expect(await stopGracefully(second)).toBe(0);
  });
});

describe('switchyard with a bad configuration', () => {
  const cases: { given: string; args: string[]; env: Record<string, string>; says: string[] }[] = [
    {
      given: 'invalid ports and log level',
      args: ['run'],
      env: { SWITCHYARD_ADMIN_PORT: 'abc', SWITCHYARD_SQL_PORT: '99999', SWITCHYARD_LOG_LEVEL: 'loud' },
      says: ['Invalid configuration', 'SWITCHYARD_ADMIN_PORT: expected a port number (got "abc")', 'SWITCHYARD_SQL_PORT', 'SWITCHYARD_LOG_LEVEL'],
    },
    {
      given: 'distributed mode without endpoints',
      args: ['run'],
      env: { SWITCHYARD_MODE: 'distributed' },
      says: ['SWITCHYARD_KAFKA_BROKERS: required', 'SWITCHYARD_SCHEMA_REGISTRY_URL: required', 'SWITCHYARD_CLICKHOUSE_URL: required'],
    },
    {
      given: 'a single-service command in embedded mode',
      args: ['history'],
      env: {},
      says: ['needs SWITCHYARD_MODE=distributed'],
    },
  ];

  it.each(cases)('given $given, then it exits 2 naming the problems', async ({ args, env, says }) => {
    const process = startSwitchyard(args, env);
    try {
      expect(await process.exited).toBe(2);
      for (const text of says) expect(process.output()).toContain(text);
    } finally {
      await process.kill();
    }
  });
});
