import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../services/core/clock.ts';
import { SwitchyardError } from '../../services/core/errors.ts';
import { clickHouseStructureOf } from '../../services/core/clickhouse/avro-structure.ts';
import { avroContainerFile } from '../../services/core/serde/avro-container-file.ts';
import { compileAvroType } from '../../services/core/serde/avro-schema.ts';
import { openEmbeddedClickHouse } from '../../services/core/clickhouse/chdb-engine.ts';
import { defaultClientPortOptions } from '../../services/core/clickhouse/client-port.ts';
import {
  readMigrationFiles,
  switchyardMigrationsDirectory,
} from '../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../services/core/clickhouse/migrations.ts';
import { openTestClickHouse, type TestClickHouse } from '../support/clickhouse.ts';

const clock = fixedClock(Date.parse('2026-11-21T22:00:00.000Z'));

function frame(eventId: string, overrides: Record<string, unknown> = {}) {
  return {
    event_id: eventId,
    charger_id: 'CP-1',
    connection_id: '01JCONNECTION',
    direction: 'IN',
    protocol: 'ocpp1.6',
    message_type: 'CALL',
    message_id: `m-${eventId}`,
    action: 'Heartbeat',
    text: `[2,"m-${eventId}","Heartbeat",{}]`,
    received_at: clock.now(),
    recorded_at: clock.now(),
    validation: 'VALID',
    error_code: null,
    error_description: null,
    quirks_applied: [],
    source_instance: 'edge-1',
    ...overrides,
  };
}

describe('the ClickHouse port', () => {
  let target: TestClickHouse;

  beforeAll(async () => {
    // Small batches so a few rows already span several INSERTs.
    target = await openTestClickHouse({ port: { insertBatchRows: 3 } });
    const migrations = await readMigrationFiles(switchyardMigrationsDirectory);
    await applyMigrations({ clickhouse: target.clickhouse, migrations, clock, logger: pino({ level: 'silent' }) });
  });

  afterAll(async () => {
    await target.close();
  });

  it('round-trips rows through insert and query, in batches', async () => {
    const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) =>
      frame(`rt-${id}`, { charger_id: 'CP-RT', quirks_applied: id === 'a' ? ['missing-timestamp'] : [], error_code: id === 'b' ? 'FormationViolation' : null }),
    );

    await target.clickhouse.insert('ocpp_frames', rows);

    const read = await target.clickhouse.query(
      `SELECT event_id, text, toUnixTimestamp64Milli(received_at) AS received_at, quirks_applied, error_code
       FROM ocpp_frames WHERE charger_id = {charger:String} ORDER BY event_id`,
      { params: { charger: 'CP-RT' } },
    );
    expect(read).toEqual(
      rows.map((row) => ({
        event_id: row.event_id,
        text: row.text,
        // 64-bit integers come back as strings in both modes, as a server sends them.
        received_at: String(row.received_at),
        quirks_applied: row.quirks_applied,
        error_code: row.error_code,
      })),
    );
  });

  it('keeps one row per event id once duplicates are merged', async () => {
    const original = frame('dup-1', { charger_id: 'CP-DUP' });
    await target.clickhouse.insert('ocpp_frames', [original, frame('dup-2', { charger_id: 'CP-DUP' })]);
    // At-least-once delivery: the same event arrives again in a later batch.
    await target.clickhouse.insert('ocpp_frames', [original]);

    const count = (modifier: string) =>
      target.clickhouse.query<{ rows: string }>(`SELECT count() AS rows FROM ocpp_frames ${modifier} WHERE charger_id = 'CP-DUP'`);
    expect(await count('FINAL')).toEqual([{ rows: '2' }]);

    await target.clickhouse.command('OPTIMIZE TABLE ocpp_frames FINAL');
    expect(await count('')).toEqual([{ rows: '2' }]);
  });

  it('applies settings to one statement only', async () => {
    const maxThreads = () => target.clickhouse.query<{ value: string }>("SELECT toString(getSetting('max_threads')) AS value");
    const [before] = await maxThreads();

    const [during] = await target.clickhouse.query<{ value: string }>("SELECT toString(getSetting('max_threads')) AS value", {
      settings: { max_threads: 1 },
    });

    expect(during?.value).toBe('1');
    expect(await maxThreads()).toEqual([before]);
  });

  it('resolves unqualified names in its database even after a statement switched database', async () => {
    await target.clickhouse.command('USE system');
    expect(await target.clickhouse.query('SELECT currentDatabase() AS name')).toEqual([{ name: target.clickhouse.database }]);
  });

  it('inserts Avro records it reads itself, mapped by a SELECT over their fields, with the same SQL in both modes', async () => {
    const schema = {
      type: 'record',
      name: 'Reading',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'at', type: 'long' },
        { name: 'note', type: ['null', 'string'] },
        { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['ENERGY', 'POWER'] } },
      ],
    } as const;
    const type = compileAvroType(schema);
    const values = [
      { id: 'r-1', at: clock.now(), note: null, kind: 'ENERGY' },
      { id: 'r-2', at: clock.now() + 1, note: "tab\tquote' é", kind: 'POWER' },
    ];
    await target.clickhouse.command('CREATE TABLE IF NOT EXISTS avro_readings (id String, at DateTime64(3, \'UTC\'), note Nullable(String), kind String) ENGINE = MergeTree ORDER BY id');
    const bodies = { chunks: values.map((value) => type.toBuffer(value)), count: values.length };

    await target.clickhouse.insertSelect(
      'avro_readings',
      [
        { column: 'id', expression: 'id' },
        { column: 'at', expression: "fromUnixTimestamp64Milli(at, 'UTC')" },
        { column: 'note', expression: 'note' },
        { column: 'kind', expression: 'toString(kind)' },
      ],
      { format: 'Avro', structure: clickHouseStructureOf(type), chunks: avroContainerFile(schema, bodies) },
    );

    const read = await target.clickhouse.query('SELECT id, toUnixTimestamp64Milli(at) AS at, note, kind FROM avro_readings ORDER BY id');
    expect(read).toEqual(values.map((value) => ({ ...value, at: String(value.at) })));
  });

  it('inserting no rows is a no-op', async () => {
    await expect(target.clickhouse.insert('ocpp_frames', [])).resolves.toBeUndefined();
  });

  it.each([
    ['a syntax error', 'SELEC 1', 'clickhouse.62'],
    ['an unknown table', 'SELECT * FROM no_such_table', 'clickhouse.60'],
  ])('reports %s as a non-retriable SwitchyardError', async (_given, sql, code) => {
    const failure = target.clickhouse.query(sql);
    await expect(failure).rejects.toBeInstanceOf(SwitchyardError);
    await expect(failure).rejects.toMatchObject({ code, retriable: false });
  });

  it('reports a bad row as a non-retriable insert error', async () => {
    const failure = target.clickhouse.insert('ocpp_frames', [frame('bad', { received_at: 'not a time' })]);
    await expect(failure).rejects.toMatchObject({ retriable: false, message: expect.stringMatching(/insert into ocpp_frames/) });
  });
});

describe('the embedded engine', () => {
  it('refuses a second engine in the same process while one is open', async () => {
    if (process.env['CLICKHOUSE_URL']) return;
    const target = await openTestClickHouse();
    try {
      const second = openEmbeddedClickHouse({
        dataDir: '/nonexistent/second',
        database: 'switchyard',
        port: defaultClientPortOptions,
        analystQueryTimeoutSeconds: 1,
      });
      await expect(second).rejects.toMatchObject({ code: 'clickhouse.engine_in_use', retriable: false });
    } finally {
      await target.close();
    }
  });
});
