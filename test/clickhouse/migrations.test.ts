import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../services/core/clock.ts';
import { SwitchyardError } from '../../services/core/errors.ts';
import {
  readMigrationFiles,
  switchyardMigrationsDirectory,
} from '../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../services/core/clickhouse/migrations.ts';
import { openTestChdb, openTestClickHouse, type TestClickHouse } from '../support/clickhouse.ts';

const logger = pino({ level: 'silent' });
const clock = fixedClock(Date.parse('2026-11-21T22:00:00.000Z'));

describe('ClickHouse migrations', () => {
  let target: TestClickHouse;
  let scratch: string;

  beforeEach(async () => {
    target = await openTestClickHouse();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'switchyard-migrations-'));
  });

  afterEach(async () => {
    await target.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('applies every file once, in order, and records it', async () => {
    const migrations = await readMigrationFiles(switchyardMigrationsDirectory);

    const first = await applyMigrations({ clickhouse: target.clickhouse, migrations, clock, logger });

    expect(first.applied.map((migration) => migration.name)).toEqual(migrations.map((migration) => migration.name));
    expect(first.applied.slice(0, 3).map((migration) => migration.name)).toEqual(['ocpp_frames', 'ocpp_events', 'connection_events']);
    const tables = await target.clickhouse.query<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['connection_events', 'ocpp_events', 'ocpp_frames', 'schema_migrations', 'history_checkpoints']),
    );
    const recorded = await target.clickhouse.query(
      'SELECT version, name, checksum, toUnixTimestamp64Milli(applied_at) AS applied_at FROM schema_migrations FINAL ORDER BY version',
    );
    expect(recorded).toEqual(
      migrations.map((migration) => ({
        version: migration.version,
        name: migration.name,
        checksum: migration.checksum,
        applied_at: String(clock.now()),
      })),
    );
  });

  it('re-applying is a no-op', async () => {
    const migrations = await readMigrationFiles(switchyardMigrationsDirectory);
    await applyMigrations({ clickhouse: target.clickhouse, migrations, clock, logger });

    const again = await applyMigrations({ clickhouse: target.clickhouse, migrations, clock, logger });

    expect(again.applied).toEqual([]);
    const [count] = await target.clickhouse.query<{ rows: string }>('SELECT count() AS rows FROM schema_migrations FINAL');
    expect(count?.rows).toBe(String(migrations.length));
  });

  it('refuses to start when an applied file was edited, and applies nothing', async () => {
    await cp(switchyardMigrationsDirectory, scratch, { recursive: true });
    await applyMigrations({ clickhouse: target.clickhouse, migrations: await readMigrationFiles(scratch), clock, logger });
    await writeFile(path.join(scratch, '0002_ocpp_events.sql'), 'CREATE TABLE IF NOT EXISTS ocpp_events (x UInt8) ENGINE = Memory;');
    await writeFile(path.join(scratch, '9999_later.sql'), 'CREATE TABLE IF NOT EXISTS later (x UInt8) ENGINE = Memory;');

    const attempt = applyMigrations({ clickhouse: target.clickhouse, migrations: await readMigrationFiles(scratch), clock, logger });

    await expect(attempt).rejects.toThrow(SwitchyardError);
    await expect(attempt).rejects.toThrow(/0002_ocpp_events was changed after it was applied/);
    const later = await target.clickhouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = 'later'");
    expect(later).toEqual([]);
  });
});

describe('embedded ClickHouse across a restart', () => {
  it('keeps tables, data and the migration record in its data directory', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-chdb-restart-'));
    try {
      const migrations = await readMigrationFiles(switchyardMigrationsDirectory);
      const before = await openTestChdb({ dataDir });
      await applyMigrations({ clickhouse: before.clickhouse, migrations, clock, logger });
      await before.clickhouse.insert('ocpp_events', [
        { event_id: 'e1', type: 'ChargerBooted', charger_id: 'CP-1', recorded_at: clock.now(), source_service: 'edge', source_instance: 'i1', payload: '{}' },
      ]);
      await before.close();

      const after = await openTestChdb({ dataDir });
      try {
        const again = await applyMigrations({ clickhouse: after.clickhouse, migrations, clock, logger });
        expect(again.applied).toEqual([]);
        expect(await after.clickhouse.query('SELECT event_id, type FROM ocpp_events')).toEqual([
          { event_id: 'e1', type: 'ChargerBooted' },
        ]);
      } finally {
        await after.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
