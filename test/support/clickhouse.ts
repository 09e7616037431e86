import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { ClickHouse } from '../../services/core/clickhouse/clickhouse.ts';
import { readMigrationFiles, switchyardMigrationsDirectory } from '../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../services/core/clickhouse/migrations.ts';
import { systemClock } from '../../services/core/clock.ts';
import { openEmbeddedClickHouse } from '../../services/core/clickhouse/chdb-engine.ts';
import { defaultClientPortOptions, type ClientPortOptions } from '../../services/core/clickhouse/client-port.ts';
import type { ReadOnlySql } from '../../services/core/clickhouse/read-only-sql.ts';
import { openServerClickHouse } from '../../services/core/clickhouse/server-adapter.ts';

export interface TestClickHouse {
  readonly clickhouse: ClickHouse;
  readonly mode: 'server' | 'embedded';
  /** Closes the port and removes what the test created (temp dir or database). */
  close(): Promise<void>;
}

export interface EmbeddedTestClickHouse extends TestClickHouse {
  readonly mode: 'embedded';
  readonly readOnlySql: ReadOnlySql;
  readonly dataDir: string;
}

export interface TestClickHouseOptions {
  readonly port?: ClientPortOptions;
}

/**
 * A ClickHouse port for a test: the server at CLICKHOUSE_URL (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD) in a
 * database of its own that is dropped afterwards, or else chDB in a temporary directory.
 */
export async function openTestClickHouse(options: TestClickHouseOptions = {}): Promise<TestClickHouse> {
  const url = process.env['CLICKHOUSE_URL'];
  if (url === undefined || url === '') return openTestChdb(options);
  const database = `switchyard_test_${process.pid}_${Date.now()}`;
  const clickhouse = await openServerClickHouse({
    url,
    user: process.env['CLICKHOUSE_USER'] ?? 'default',
    password: process.env['CLICKHOUSE_PASSWORD'] ?? '',
    database,
    requestTimeoutMs: 30_000,
    port: options.port ?? defaultClientPortOptions,
  });
  return {
    clickhouse,
    mode: 'server',
    close: async () => {
      await clickhouse.command(`DROP DATABASE IF EXISTS ${database}`);
      await clickhouse.close();
    },
  };
}

/**
 * chDB whatever the environment, for what only embedded mode has (the read-only SQL view, restarts). Give
 * `dataDir` to reopen a directory; it is then the caller's to remove.
 */
export async function openTestChdb(
  options: TestClickHouseOptions & { readonly dataDir?: string } = {},
): Promise<EmbeddedTestClickHouse> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'switchyard-chdb-')));
  const embedded = await openEmbeddedClickHouse({
    dataDir,
    database: 'switchyard',
    port: options.port ?? defaultClientPortOptions,
    analystQueryTimeoutSeconds: 10,
  });
  return {
    clickhouse: embedded.clickhouse,
    readOnlySql: embedded.readOnlySql,
    mode: 'embedded',
    dataDir,
    close: async () => {
      await embedded.clickhouse.close();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Applies Switchyard's ClickHouse migrations (up to `upToVersion`, default all), as a service start does. */
export async function applySwitchyardMigrations(clickhouse: ClickHouse, upToVersion = Number.POSITIVE_INFINITY): Promise<void> {
  const migrations = (await readMigrationFiles(switchyardMigrationsDirectory)).filter((migration) => migration.version <= upToVersion);
  await applyMigrations({ clickhouse, migrations, clock: systemClock, logger: pino({ level: 'silent' }) });
}
