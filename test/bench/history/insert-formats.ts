/**
 * The INSERT alone, by format and batch size: frame rows into chDB's ocpp_frames through @clickhouse/client
 * and the chDB connection, as the ClickHouse port sends them, so the format choice rests on a measurement
 * anyone can repeat. Text building (JavaScript) and parsing + MergeTree writing (chDB) are both in it.
 */
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { drainPending, Session } from 'chdb';
import { ChdbSessionConnection } from '../../../services/core/clickhouse/chdb-connection.ts';
import { clientLogSilenced } from '../../../services/core/clickhouse/client-port.ts';
import type { Row } from '../../../services/core/clickhouse/clickhouse.ts';
import { compactRows } from '../../../services/core/clickhouse/compact-rows.ts';
import { readMigrationFiles, switchyardMigrationsDirectory } from '../../../services/core/clickhouse/migration-files.ts';
import { frameRows } from '../../../services/history/frame-rows.ts';
import { meterValuesFrame } from '../../history/support/ocpp-events.ts';
import type { BenchTable } from '../report.ts';

const rowsPerRun = 100_000;
const runs = 3;
const database = 'switchyard';

type InsertFormat = 'JSONEachRow' | 'JSONCompactEachRow';
const variants: readonly (readonly [InsertFormat, number])[] = [
  ['JSONEachRow', 10_000],
  ['JSONCompactEachRow', 10_000],
  ['JSONCompactEachRow', 50_000],
];

async function insertBatch(client: ClickHouseClient, format: InsertFormat, rows: readonly Row[]): Promise<void> {
  switch (format) {
    case 'JSONEachRow':
      await client.insert({ table: 'ocpp_frames', values: rows, format });
      return;
    case 'JSONCompactEachRow': {
      const { columns, values } = compactRows(rows);
      const [first, ...others] = columns;
      if (first === undefined) return;
      await client.insert({ table: 'ocpp_frames', columns: [first, ...others], values, format });
      return;
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown format ${String(unknown)}`);
    }
  }
}

export async function insertFormatTimes(directory: string): Promise<BenchTable> {
  const session = new Session(directory, { connectionArgs: ['--session_timezone=UTC'] });
  const client = createClient({ connection: new ChdbSessionConnection(session, 'default'), log: clientLogSilenced });
  try {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    const scoped = createClient({ connection: new ChdbSessionConnection(session, database), log: clientLogSilenced });
    for (const migration of await readMigrationFiles(switchyardMigrationsDirectory)) {
      for (const statement of migration.statements) await scoped.command({ query: statement });
    }
    // Background merges would bill one variant for the parts another one wrote.
    await scoped.command({ query: 'SYSTEM STOP MERGES ocpp_frames' });
    const start = Date.parse('2026-11-20T00:00:00.000Z');
    const rows = Array.from({ length: rowsPerRun }, (_, index) =>
      frameRows(meterValuesFrame(`CP-${String(index % 1_000).padStart(5, '0')}`, start + index, index)).map((row) => row.values),
    ).flat();
    const results = variants.map(() => ({ seconds: Infinity, cpuMicrosPerRow: Infinity }));
    for (let run = 0; run < runs; run += 1) {
      for (const [index, [format, batchRows]] of variants.entries()) {
        await scoped.command({ query: 'TRUNCATE TABLE ocpp_frames' });
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        for (let from = 0; from < rows.length; from += batchRows) await insertBatch(scoped, format, rows.slice(from, from + batchRows));
        const cpu = process.cpuUsage(cpuBefore);
        const best = results[index];
        if (best === undefined) continue;
        best.seconds = Math.min(best.seconds, (performance.now() - started) / 1000);
        best.cpuMicrosPerRow = Math.min(best.cpuMicrosPerRow, (cpu.user + cpu.system) / rowsPerRun);
      }
    }
    await scoped.close();
    return {
      title: `INSERT alone: ${rowsPerRun.toLocaleString('en-US')} frame rows into chDB ocpp_frames, by format and batch size`,
      columns: ['format', 'rows per INSERT', 'best seconds', 'rows/s', 'CPU µs/row'],
      rows: variants.map(([format, batchRows], index) => {
        const { seconds, cpuMicrosPerRow } = results[index] ?? { seconds: NaN, cpuMicrosPerRow: NaN };
        return [format, batchRows, seconds, Math.round(rowsPerRun / seconds), cpuMicrosPerRow];
      }),
      notes: [
        `best of ${runs} runs each, interleaved; CPU is the whole process (JSON building on the JavaScript thread, parsing and writing on chDB's threads)`,
        'JSONCompactEachRow is what the ClickHouse port sends (keys once per INSERT, in its column list)',
      ],
    };
  } finally {
    await client.close();
    session.close();
    await drainPending();
  }
}
