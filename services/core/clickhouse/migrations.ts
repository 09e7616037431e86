import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { SwitchyardError } from '../errors.ts';
import type { ClickHouse } from './clickhouse.ts';
import type { MigrationFile } from './migration-files.ts';

/** A row of schema_migrations. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

export interface MigrationPlan {
  /** In version order. */
  readonly pending: readonly MigrationFile[];
  /** Recorded as applied but absent from the files: the database is newer than this code. */
  readonly unknownApplied: readonly AppliedMigration[];
}

/**
 * Decides what to apply. An applied migration whose file changed is refused: the database would no longer
 * match what the files say, and re-running an edited file does not undo the old one.
 */
export function planMigrations(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationPlan {
  const appliedByVersion = new Map(applied.map((migration) => [migration.version, migration]));
  const pending: MigrationFile[] = [];
  for (const file of files) {
    const recorded = appliedByVersion.get(file.version);
    if (recorded === undefined) {
      pending.push(file);
    } else if (recorded.checksum !== file.checksum || recorded.name !== file.name) {
      throw new SwitchyardError(
        'clickhouse.migration_changed',
        `ClickHouse migration ${describe(file)} was changed after it was applied as ${describe(recorded)} ` +
          `(checksum ${recorded.checksum.slice(0, 12)}, file now ${file.checksum.slice(0, 12)}). ` +
          'Restore the file and put the change in a new migration.',
        { retriable: false },
      );
    }
  }
  const fileVersions = new Set(files.map((file) => file.version));
  return {
    pending: [...pending].sort((left, right) => left.version - right.version),
    unknownApplied: applied.filter((migration) => !fileVersions.has(migration.version)),
  };
}

const trackingTable = 'schema_migrations';

/**
 * Applies pending migrations in order, recording each after all its statements ran. ClickHouse DDL is not
 * transactional, so statements are written to be re-runnable (`IF NOT EXISTS`): a run that failed halfway
 * re-applies the file from the top next time.
 */
export async function applyMigrations(options: {
  readonly clickhouse: ClickHouse;
  readonly migrations: readonly MigrationFile[];
  readonly clock: Clock;
  readonly logger: Logger;
}): Promise<{ readonly applied: readonly MigrationFile[] }> {
  const { clickhouse, clock, logger } = options;
  await clickhouse.command(
    `CREATE TABLE IF NOT EXISTS ${trackingTable} (
       version UInt32,
       name String,
       checksum String,
       applied_at DateTime64(3, 'UTC')
     ) ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`,
  );
  const applied = await clickhouse.query<{ version: number; name: string; checksum: string }>(
    `SELECT version, name, checksum FROM ${trackingTable} FINAL ORDER BY version`,
  );
  const plan = planMigrations(options.migrations, applied);
  for (const unknown of plan.unknownApplied) {
    logger.warn({ version: unknown.version, name: unknown.name }, 'applied ClickHouse migration has no file here');
  }
  for (const migration of plan.pending) {
    for (const statement of migration.statements) await clickhouse.command(statement);
    await clickhouse.insert(trackingTable, [
      { version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: clock.now() },
    ]);
    logger.info({ version: migration.version, name: migration.name }, 'applied ClickHouse migration');
  }
  return { applied: plan.pending };
}

function describe(migration: { version: number; name: string }): string {
  return `${String(migration.version).padStart(4, '0')}_${migration.name}`;
}
