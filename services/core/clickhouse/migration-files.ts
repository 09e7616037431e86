import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwitchyardError } from '../errors.ts';
import { statementsOf } from './sql-text.ts';

export interface MigrationFile {
  readonly version: number;
  readonly name: string;
  /** sha256 of the file text with line endings normalised, so a checkout with CRLF does not look edited. */
  readonly checksum: string;
  readonly statements: readonly string[];
}

/** Switchyard's own migrations, shipped with the code. */
export const switchyardMigrationsDirectory = fileURLToPath(new URL('../../../infra/clickhouse/migrations', import.meta.url));

const migrationFileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** `0003_connection_events.sql` -> version 3, name connection_events; anything else is not a migration. */
export function parseMigrationFileName(fileName: string): { version: number; name: string } | undefined {
  const match = migrationFileName.exec(fileName);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { version: Number(match[1]), name: match[2] };
}

export function migrationFromText(fileName: string, text: string): MigrationFile {
  const parsed = parseMigrationFileName(fileName);
  if (parsed === undefined) throw invalid(`${fileName} is not named NNNN_name.sql (lower case, digits, _)`);
  const normalised = text.replaceAll('\r\n', '\n');
  const statements = statementsOf(normalised);
  if (statements.length === 0) throw invalid(`${fileName} contains no SQL statement`);
  return {
    ...parsed,
    checksum: createHash('sha256').update(normalised).digest('hex'),
    statements,
  };
}

/** Every `.sql` file of the directory, in version order; a misnamed file or a reused number is an error. */
export async function readMigrationFiles(directory: string): Promise<MigrationFile[]> {
  const fileNames = (await readdir(directory)).filter((fileName) => fileName.endsWith('.sql')).sort();
  const migrations: MigrationFile[] = [];
  for (const fileName of fileNames) {
    const migration = migrationFromText(fileName, await readFile(path.join(directory, fileName), 'utf8'));
    const previous = migrations.at(-1);
    if (previous?.version === migration.version) {
      throw invalid(`version ${migration.version} is used by both ${previous.name} and ${migration.name}`);
    }
    migrations.push(migration);
  }
  return migrations;
}

function invalid(message: string): SwitchyardError {
  return new SwitchyardError('clickhouse.migration_invalid', `ClickHouse migrations: ${message}`, { retriable: false });
}
