import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../services/core/clickhouse/clickhouse.ts';
import { readMigrationFiles, switchyardMigrationsDirectory } from '../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../services/core/clickhouse/migrations.ts';
import { fixedClock } from '../../services/core/clock.ts';
import { openTestClickHouse, type TestClickHouse } from '../support/clickhouse.ts';
import { insertEncoded } from '../support/tab-separated.ts';

const at = Date.parse('2026-11-20T08:09:10.042Z');

/** Every column type the archive tables use (infra/clickhouse/migrations), Nullable and not. */
const awkwardTable = `
CREATE TABLE awkward
(
    id            String,
    text          String,
    maybe_text    Nullable(String),
    kind          LowCardinality(Nullable(String)),
    at            DateTime64(3, 'UTC'),
    maybe_at      Nullable(DateTime64(3, 'UTC')),
    status        Nullable(UInt16),
    duration      Nullable(UInt64),
    cost          Float64,
    credit        Bool,
    tags          Array(String),
    protocols     Array(LowCardinality(String)),
    headers       Map(String, String)
)
ENGINE = MergeTree ORDER BY id`;

const awkwardRows: readonly Row[] = [
  {
    id: 'a',
    text: 'tab\there, newline\nthere, CR\r, backslash \\ and \\N, quotes \' " and ünïcødé €😀',
    maybe_text: null,
    kind: null,
    at,
    maybe_at: null,
    status: null,
    duration: 86_400_000,
    cost: -12.75,
    credit: true,
    tags: ["it's", 'a\\b', 'tab\tnew\nline', ''],
    protocols: [],
    headers: { 'x-request-id': 'r-1', "o'k": 'line\nbreak' },
  },
  {
    id: 'b',
    text: '',
    maybe_text: '\\N',
    kind: 'INBOUND',
    at: 0,
    maybe_at: at + 1,
    status: 65_535,
    duration: null,
    cost: 0.1,
    credit: false,
    tags: [],
    protocols: ['ocpp1.6', 'ocpp2.0.1'],
    headers: {},
  },
];

describe('TabSeparated rows through ClickHouse', () => {
  let target: TestClickHouse;

  beforeAll(async () => {
    target = await openTestClickHouse();
    const migrations = await readMigrationFiles(switchyardMigrationsDirectory);
    await applyMigrations({ clickhouse: target.clickhouse, migrations, clock: fixedClock(at), logger: pino({ level: 'silent' }) });
    await target.clickhouse.command(awkwardTable);
  });

  afterAll(async () => {
    await target.close();
  });

  it('reads back every value as it was given, whatever characters the text holds', async () => {
    await insertEncoded(target.clickhouse, 'awkward', awkwardRows);

    const read = await target.clickhouse.query(
      `SELECT id, text, maybe_text, kind, toUnixTimestamp64Milli(at) AS at, toUnixTimestamp64Milli(maybe_at) AS maybe_at,
              status, duration, cost, credit, tags, protocols, headers
       FROM awkward ORDER BY id`,
    );

    expect(read).toEqual([
      { ...awkwardRows[0], at: String(at), duration: '86400000' },
      { ...awkwardRows[1], at: '0', maybe_at: String(at + 1) },
    ]);
  });

  it('writes an archive table as the history service does, columns typed from system.columns', async () => {
    const frame = {
      event_id: 'rt-frame',
      charger_id: 'CP-ROUND-TRIP',
      connection_id: '01JCONNECTION',
      direction: 'IN',
      protocol: 'ocpp1.6',
      message_type: 'CALL',
      message_id: 'm\t1',
      action: 'DataTransfer',
      text: '[2,"m\\t1","DataTransfer",{"data":"multi\\nline \\\\ ünïcødé"}]\n',
      received_at: at,
      recorded_at: at + 5,
      validation: 'INVALID',
      error_code: 'FormationViolation',
      error_description: null,
      quirks_applied: ['number-as-string'],
      source_instance: 'edge-1',
      upstream: null,
    };

    await insertEncoded(target.clickhouse, 'ocpp_frames', [frame]);

    const [read] = await target.clickhouse.query(
      `SELECT * EXCEPT (received_at, recorded_at), toUnixTimestamp64Milli(received_at) AS received_at,
              toUnixTimestamp64Milli(recorded_at) AS recorded_at
       FROM ocpp_frames WHERE event_id = 'rt-frame'`,
    );
    // Columns later migrations add, which the row leaves out, keep their defaults.
    expect(read).toMatchObject({ ...frame, received_at: String(at), recorded_at: String(at + 5) });
  });

  it('inserts nothing for a batch of no rows', async () => {
    await target.clickhouse.insertTabSeparated('awkward', { columns: ['id'], chunks: [], rowCount: 0 });

    const [count] = await target.clickhouse.query<{ n: string }>('SELECT count() AS n FROM awkward');
    expect(Number(count?.n)).toBe(awkwardRows.length);
  });
});
