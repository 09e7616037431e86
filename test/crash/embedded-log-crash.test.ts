import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/core/clock.ts';
import { openEmbeddedEventBus } from '../../services/core/bus/embedded/embedded-event-bus.ts';
import type { BusRecord } from '../../services/core/bus/event-bus.ts';
import { crashTopic, type AcknowledgedRecord } from './crash-topic.ts';
import { readWholeLog } from './read-whole-log.ts';

const acknowledgedBeforeKill = 2_000;
const childScript = new URL('./append-until-killed.ts', import.meta.url).pathname;

let directory = '';
let child: ChildProcess | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-crash-'));
});

afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await rm(directory, { recursive: true, force: true });
});

/** Runs the appending child until it acknowledged enough records, SIGKILLs it, and returns every line it printed. */
async function appendUntilKilled(path: string, checkpointIntervalMs: number): Promise<AcknowledgedRecord[]> {
  const running = spawn(process.execPath, ['--import', 'tsx', childScript, path, String(checkpointIntervalMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = running;
  let output = '';
  let acknowledged = 0;
  let killScheduled = false;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => running.once('exit', (_, signal) => resolve(signal)));
  const closed = new Promise<void>((resolve) => running.stdout.once('close', () => resolve()));
  running.stdout.setEncoding('utf8');
  running.stdout.on('data', (chunk: string) => {
    output += chunk;
    acknowledged += chunk.split('\n').length - 1;
    // A random extra delay lands the kill at varying points: mid-batch, mid-fsync, between commit and print.
    if (acknowledged >= acknowledgedBeforeKill && !killScheduled) {
      killScheduled = true;
      setTimeout(() => running.kill('SIGKILL'), Math.random() * 20);
    }
  });
  expect(await exited).toBe('SIGKILL');
  // Lines already in the pipe when the child died are still delivered: they were acknowledged too.
  await closed;
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as AcknowledgedRecord);
}

function recordsByPartition(records: readonly BusRecord[]): Map<number, BusRecord[]> {
  const byPartition = new Map<number, BusRecord[]>();
  for (const record of records) byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), record]);
  return byPartition;
}

const checkpointing: ReadonlyArray<readonly [string, number]> = [
  // Frequent checkpoints: the kill lands before, during or after lmdb commits and flushes.
  ['lmdb checkpoints every 20 ms', 20],
  // No checkpoint for an hour: every acknowledged append is only in the journal when the kill comes.
  ['lmdb checkpoints held back', 60 * 60 * 1000],
];

describe('embedded log crash safety', () => {
  it.each(checkpointing)('keeps every acknowledged append, unchanged and gap-free, after a SIGKILL mid-stream, with %s', async (_, checkpointIntervalMs) => {
    const path = join(directory, 'log');
    const acknowledged = await appendUntilKilled(path, checkpointIntervalMs);
    expect(acknowledged.length).toBeGreaterThanOrEqual(acknowledgedBeforeKill);

    const bus = openEmbeddedEventBus({ path, catalogue: [crashTopic], clock: systemClock });
    try {
      const { ends, records: stored } = await readWholeLog(bus, crashTopic.name, 'crash-check');
      const total = ends.reduce((sum, end) => sum + end.offset, 0);

      expect(stored.length).toBe(total);
      expect(total).toBeGreaterThanOrEqual(acknowledged.length);
      const byPosition = new Map(stored.map((record) => [`${record.partition}/${record.offset}`, record]));
      const lost = acknowledged.filter((ack) => {
        const record = byPosition.get(`${ack.partition}/${ack.offset}`);
        return record === undefined || record.key !== ack.key || new TextDecoder().decode(record.value ?? undefined) !== ack.value;
      });
      expect(lost).toEqual([]);
      for (const [partition, records] of recordsByPartition(stored)) {
        expect(records.map((record) => record.offset), `partition ${partition} offsets`).toEqual(records.map((_, index) => index));
      }

      const [next] = await bus.append([{ topic: crashTopic.name, key: 'charger-0', value: new Uint8Array([1]) }]);
      const end = ends.find((partitionEnd) => partitionEnd.partition === next?.partition);
      expect(next?.offset).toBe(end?.offset);
    } finally {
      await bus.close();
    }
  });
});
