/**
 * The INSERT alone, by format and path: frame rows into chDB's ocpp_frames, text building included, so the
 * insert path rests on a measurement anyone can repeat. The port's two insert calls go through
 * @clickhouse/client and the chDB connection (body spooled to a file, FROM INFILE); the inline variant hands
 * the same TabSeparated bytes to chDB's own zero-copy insert after the statement, for comparison.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { drainPending, Session } from 'chdb';
import { ChdbSessionConnection } from '../../../services/core/clickhouse/chdb-connection.ts';
import type { ClickHouse, Row, TabSeparatedRows } from '../../../services/core/clickhouse/clickhouse.ts';
import { clickHouseOverClient, clientLogSilenced } from '../../../services/core/clickhouse/client-port.ts';
import { readMigrationFiles, switchyardMigrationsDirectory } from '../../../services/core/clickhouse/migration-files.ts';
import { TabSeparatedBuffer, tabSeparatedLayout } from '../../../services/core/clickhouse/tab-separated-rows.ts';
import { tableColumnTypes } from '../../../services/core/clickhouse/table-columns.ts';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import type { OcppFrameEvent } from '../../../services/core/events/generated-types.ts';
import { avroContainerFile } from '../../../services/core/serde/avro-container-file.ts';
import { compileAvroType } from '../../../services/core/serde/avro-schema.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import { planAvroInsert, type AvroInsertPlan } from '../../../services/history/avro-columns.ts';
import { frameColumns } from '../../../services/history/frame-columns.ts';
import { frameRowValues } from '../../history/support/frame-row-values.ts';
import { meterValuesFrame } from '../../history/support/ocpp-events.ts';
import type { BenchTable } from '../report.ts';

const rowsPerRun = 100_000;
const runs = 3;
const database = 'switchyard';
const table = 'ocpp_frames';

type InsertPath =
  | 'JSONCompactEachRow, port insert (file)'
  | 'TabSeparated, port insertTabSeparated (file)'
  | 'TabSeparated, port insertTabSeparated (file), optimize_on_insert = 0'
  | 'TabSeparated, inline after the statement'
  | 'Avro records as written, port insertSelect (file), optimize_on_insert = 0';
const variants: readonly (readonly [InsertPath, number])[] = [
  ['JSONCompactEachRow, port insert (file)', 10_000],
  ['TabSeparated, port insertTabSeparated (file)', 10_000],
  ['TabSeparated, port insertTabSeparated (file)', 50_000],
  ['TabSeparated, port insertTabSeparated (file), optimize_on_insert = 0', 10_000],
  ['TabSeparated, inline after the statement', 10_000],
  ['Avro records as written, port insertSelect (file), optimize_on_insert = 0', 10_000],
  ['Avro records as written, port insertSelect (file), optimize_on_insert = 0', 50_000],
];

/** The frames as history archives them: Avro bodies, inserted by the plan of the schema they were written with. */
interface FrameBodies {
  readonly plan: AvroInsertPlan;
  readonly bodies: readonly Uint8Array[];
}

function encode(rows: readonly Row[], types: ReadonlyMap<string, string>): TabSeparatedRows {
  const first = rows[0];
  if (first === undefined) return { columns: [], chunks: [], rowCount: 0 };
  const layout = tabSeparatedLayout(table, types, Object.keys(first));
  const buffer = new TabSeparatedBuffer(layout.columns);
  for (const row of rows) buffer.appendLine(layout.line(row));
  return buffer.rows();
}

interface InsertTarget {
  readonly port: ClickHouse;
  readonly session: Session;
  readonly types: ReadonlyMap<string, string>;
  readonly rows: readonly Row[];
  readonly frames: FrameBodies;
}

async function insertBatch(target: InsertTarget, path: InsertPath, from: number, to: number): Promise<void> {
  const rows = target.rows.slice(from, to);
  switch (path) {
    case 'JSONCompactEachRow, port insert (file)':
      await target.port.insert(table, rows);
      return;
    case 'TabSeparated, port insertTabSeparated (file)':
      await target.port.insertTabSeparated(table, encode(rows, target.types));
      return;
    case 'TabSeparated, port insertTabSeparated (file), optimize_on_insert = 0':
      await target.port.insertTabSeparated(table, encode(rows, target.types), { settings: { optimize_on_insert: 0 } });
      return;
    case 'TabSeparated, inline after the statement': {
      const encoded = encode(rows, target.types);
      await target.session.insert({
        table: `${database}.${table}`,
        columns: encoded.columns,
        values: Buffer.concat(encoded.chunks),
        format: 'TabSeparated',
      });
      return;
    }
    case 'Avro records as written, port insertSelect (file), optimize_on_insert = 0': {
      const { plan, bodies } = target.frames;
      // History copies bodies into large buffers as they arrive (ChunkedBytes): one write of many tiny ones would be slower.
      const chunks = avroContainerFile(plan.writerSchema, { chunks: [Buffer.concat(bodies.slice(from, to))], count: to - from });
      await target.port.insertSelect(table, plan.columns, { format: 'Avro', structure: plan.structure, chunks }, { settings: { optimize_on_insert: 0 } });
      return;
    }
    default: {
      const unknown: never = path;
      throw new Error(`unknown insert path ${String(unknown)}`);
    }
  }
}

/** chDB alone: INSERT ... FROM INFILE of TabSeparated files written beforehand, by rows per INSERT and settings. */
const chdbAloneVariants: readonly (readonly [settings: string, batchRows: number])[] = [
  ['', 10_000],
  ['optimize_on_insert = 0', 10_000],
  ['', 50_000],
  ['optimize_on_insert = 0', 50_000],
];

async function chdbAloneTimes(
  target: { readonly session: Session; readonly types: ReadonlyMap<string, string>; readonly directory: string },
  rows: readonly Row[],
): Promise<BenchTable> {
  const filesByBatchRows = new Map<number, { columns: readonly string[]; files: string[] }>();
  for (const batchRows of new Set(chdbAloneVariants.map(([, size]) => size))) {
    const files: string[] = [];
    let columns: readonly string[] = [];
    for (let from = 0; from < rows.length; from += batchRows) {
      const encoded = encode(rows.slice(from, from + batchRows), target.types);
      columns = encoded.columns;
      const file = join(target.directory, `rows-${batchRows}-${from}.tsv`);
      await writeFile(file, encoded.chunks);
      files.push(file);
    }
    filesByBatchRows.set(batchRows, { columns, files });
  }
  const results = chdbAloneVariants.map(() => ({ seconds: Infinity, cpuMicrosPerRow: Infinity }));
  for (let run = 0; run < runs; run += 1) {
    for (const [index, [settings, batchRows]] of chdbAloneVariants.entries()) {
      const { columns, files } = filesByBatchRows.get(batchRows) ?? { columns: [], files: [] };
      await target.session.queryAsync(`TRUNCATE TABLE ${database}.${table}`);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      for (const file of files) {
        await target.session.queryAsync(
          `INSERT INTO ${database}.${table} (${columns.join(', ')}) FROM INFILE '${file}' ${settings === '' ? '' : `SETTINGS ${settings} `}FORMAT TabSeparated`,
        );
      }
      const cpu = process.cpuUsage(cpuBefore);
      const best = results[index];
      if (best === undefined) continue;
      best.seconds = Math.min(best.seconds, (performance.now() - started) / 1000);
      best.cpuMicrosPerRow = Math.min(best.cpuMicrosPerRow, (cpu.user + cpu.system) / rows.length);
    }
  }
  return {
    title: `chDB alone: ${rows.length.toLocaleString('en-US')} frame rows from TabSeparated files into ocpp_frames, by rows per INSERT and settings`,
    columns: ['settings', 'rows per INSERT', 'best seconds', 'rows/s', 'CPU µs/row'],
    rows: chdbAloneVariants.map(([settings, batchRows], index) => {
      const { seconds, cpuMicrosPerRow } = results[index] ?? { seconds: NaN, cpuMicrosPerRow: NaN };
      return [settings === '' ? 'defaults' : settings, batchRows, seconds, Math.round(rows.length / seconds), cpuMicrosPerRow];
    }),
    notes: [
      `best of ${runs} runs each, interleaved; the files are written before the timing, so this is chDB's parsing, sorting and writing alone (merges stopped)`,
      'optimize_on_insert = 0 skips collapsing duplicates inside each inserted block; the ReplacingMergeTree tables collapse them on merge and under FINAL anyway',
    ],
  };
}

async function frameBodies(events: readonly OcppFrameEvent[]): Promise<FrameBodies> {
  const schema = (await loadSchemaCatalogue(repositorySchemasDirectory)).topicSchema(topics.ocppFrames);
  const type = compileAvroType(schema);
  const plan = planAvroInsert(frameColumns, { schemaId: 1, writerSchema: schema, writer: type, reader: type });
  return { plan, bodies: events.map((event) => type.toBuffer(event)) };
}

export async function insertFormatTimes(directory: string): Promise<BenchTable[]> {
  const session = new Session(directory, { connectionArgs: ['--session_timezone=UTC'] });
  await session.queryAsync(`CREATE DATABASE IF NOT EXISTS ${database}`);
  const port = clickHouseOverClient(
    createClient({ connection: new ChdbSessionConnection(session, database), log: clientLogSilenced }),
    database,
    { insertBatchRows: 50_000 },
  );
  try {
    for (const migration of await readMigrationFiles(switchyardMigrationsDirectory)) {
      for (const statement of migration.statements) await port.command(statement);
    }
    // Background merges would bill one variant for the parts another one wrote.
    await port.command(`SYSTEM STOP MERGES ${table}`);
    const types = (await tableColumnTypes(port, [table])).get(table);
    if (types === undefined) throw new Error(`no ${table} table after the migrations`);
    const start = Date.parse('2026-11-20T00:00:00.000Z');
    const events = Array.from({ length: rowsPerRun }, (_, index) => meterValuesFrame(`CP-${String(index % 1_000).padStart(5, '0')}`, start + index, index));
    const rows = events.map(frameRowValues);
    const frames = await frameBodies(events);
    const results = variants.map(() => ({ seconds: Infinity, cpuMicrosPerRow: Infinity }));
    for (let run = 0; run < runs; run += 1) {
      for (const [index, [path, batchRows]] of variants.entries()) {
        await port.command(`TRUNCATE TABLE ${table}`);
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        for (let from = 0; from < rows.length; from += batchRows) {
          await insertBatch({ port, session, types, rows, frames }, path, from, Math.min(rows.length, from + batchRows));
        }
        const cpu = process.cpuUsage(cpuBefore);
        const best = results[index];
        if (best === undefined) continue;
        best.seconds = Math.min(best.seconds, (performance.now() - started) / 1000);
        best.cpuMicrosPerRow = Math.min(best.cpuMicrosPerRow, (cpu.user + cpu.system) / rowsPerRun);
      }
    }
    const chdbAlone = await chdbAloneTimes({ session, types, directory }, rows);
    const formats: BenchTable = {
      title: `INSERT alone: ${rowsPerRun.toLocaleString('en-US')} frame rows into chDB ocpp_frames, by format, path and batch size`,
      columns: ['format and path', 'rows per INSERT', 'best seconds', 'rows/s', 'CPU µs/row'],
      rows: variants.map(([path, batchRows], index) => {
        const { seconds, cpuMicrosPerRow } = results[index] ?? { seconds: NaN, cpuMicrosPerRow: NaN };
        return [path, batchRows, seconds, Math.round(rowsPerRun / seconds), cpuMicrosPerRow];
      }),
      notes: [
        `best of ${runs} runs each, interleaved; CPU is the whole process: text building from row objects on the JavaScript thread, parsing and writing on chDB's threads`,
        'file: the chDB connection spools the body into the data directory and runs INSERT ... FROM INFILE; inline: the same bytes after the statement, through chDB\'s zero-copy raw insert',
        'Avro records as written (port insertSelect: the Avro bodies in one object container file, read by chDB with the writer schema\'s structure and mapped by a SELECT) is what history archives frames with; the bodies are encoded before the timing, as they arrive from the log',
        'TabSeparated (port insertTabSeparated, encoded by column type) with optimize_on_insert = 0 is what history archives the other topics with; JSONCompactEachRow is what the port\'s generic insert sends',
      ],
    };
    return [formats, chdbAlone];
  } finally {
    await port.close();
    session.close();
    await drainPending();
  }
}
