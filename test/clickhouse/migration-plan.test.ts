import { describe, expect, it } from 'vitest';
import {
  migrationFromText,
  parseMigrationFileName,
} from '../../services/core/clickhouse/migration-files.ts';
import { planMigrations, type AppliedMigration } from '../../services/core/clickhouse/migrations.ts';

const file = (fileName: string, text = 'CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Memory;') =>
  migrationFromText(fileName, text);
const recorded = (fileName: string, text?: string): AppliedMigration => {
  const { version, name, checksum } = file(fileName, text);
  return { version, name, checksum };
};

describe('parseMigrationFileName', () => {
  it.each([
    ['0001_ocpp_frames.sql', { version: 1, name: 'ocpp_frames' }],
    ['0042_add_index_2.sql', { version: 42, name: 'add_index_2' }],
    ['1_short.sql', undefined],
    ['0001-dash.sql', undefined],
    ['0001_Upper.sql', undefined],
    ['0001_name.sql.bak', undefined],
  ])('given %s then %j', (fileName, expected) => {
    expect(parseMigrationFileName(fileName)).toEqual(expected);
  });
});

describe('migrationFromText', () => {
  it('splits statements and ignores line endings in the checksum', () => {
    const unix = file('0001_a.sql', 'CREATE TABLE a (x UInt8) ENGINE = Memory;\nCREATE TABLE b (x UInt8) ENGINE = Memory;\n');
    const windows = file('0001_a.sql', 'CREATE TABLE a (x UInt8) ENGINE = Memory;\r\nCREATE TABLE b (x UInt8) ENGINE = Memory;\r\n');
    expect(unix.statements).toEqual(['CREATE TABLE a (x UInt8) ENGINE = Memory', 'CREATE TABLE b (x UInt8) ENGINE = Memory']);
    expect(windows.checksum).toBe(unix.checksum);
  });

  it.each([
    ['a misnamed file', 'create.sql', 'SELECT 1', /not named NNNN_name.sql/],
    ['a file of comments only', '0001_empty.sql', '-- nothing yet', /contains no SQL statement/],
  ])('given %s then it is refused', (_given, fileName, text, message) => {
    expect(() => migrationFromText(fileName, text)).toThrow(message);
  });
});

describe('planMigrations', () => {
  it.each([
    ['nothing applied', ['0001_a.sql', '0002_b.sql'], [], [1, 2], []],
    ['all applied', ['0001_a.sql', '0002_b.sql'], ['0001_a.sql', '0002_b.sql'], [], []],
    ['one new file', ['0001_a.sql', '0002_b.sql'], ['0001_a.sql'], [2], []],
    ['a file filling a gap', ['0001_a.sql', '0002_b.sql', '0003_c.sql'], ['0001_a.sql', '0003_c.sql'], [2], []],
    ['a database newer than the files', ['0001_a.sql'], ['0001_a.sql', '0002_b.sql'], [], [2]],
  ])('given %s then pending %j and unknown %j', (_given, files, applied, pending, unknown) => {
    const plan = planMigrations(files.map((name) => file(name)), applied.map((name) => recorded(name)));
    expect(plan.pending.map((migration) => migration.version)).toEqual(pending);
    expect(plan.unknownApplied.map((migration) => migration.version)).toEqual(unknown);
  });

  it('given an applied file that changed then it is refused, naming the file', () => {
    const applied = [recorded('0001_a.sql', 'CREATE TABLE a (x UInt8) ENGINE = Memory')];
    const edited = [file('0001_a.sql', 'CREATE TABLE a (x UInt16) ENGINE = Memory')];
    expect(() => planMigrations(edited, applied)).toThrow(/0001_a was changed after it was applied/);
  });

  it('given an applied version renamed then it is refused', () => {
    expect(() => planMigrations([file('0001_renamed.sql')], [recorded('0001_a.sql')])).toThrow(/changed after it was applied/);
  });
});
