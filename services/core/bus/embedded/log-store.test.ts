import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogStore } from './log-store.ts';
import type { StoredRecord } from './record-codec.ts';

let directory = '';
let store: LogStore | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-log-store-'));
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(directory, { recursive: true, force: true });
});

const storedRecord = (offset: number): StoredRecord => ({
  offset,
  key: `CP-${offset}`,
  value: new Uint8Array([offset]),
  headers: {},
  timestamp: 1_000 + offset,
});

/** Three appended batches on partition 0: offsets 0-2, 3-5 and 6-8. */
async function openWithThreeBatches(): Promise<LogStore> {
  const opened = LogStore.open(join(directory, 'log'), 'sync');
  store = opened;
  for (const base of [0, 3, 6]) {
    await opened.write((writer) => writer.putRecords('t', 0, [base, base + 1, base + 2].map(storedRecord)));
  }
  return opened;
}

describe('log store batches', () => {
  const table: ReadonlyArray<readonly [string, number, number, number, number[]]> = [
    ['everything', 0, 9, 100, [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['from the middle of a batch', 4, 9, 100, [4, 5, 6, 7, 8]],
    ['up to the middle of a batch', 0, 4, 100, [0, 1, 2, 3]],
    ['with a limit across batches', 2, 9, 3, [2, 3, 4]],
    ['past the end', 9, 20, 100, []],
  ];
  it.each(table)('given three batches, reading %s', async (_, from, to, limit, expected) => {
    const opened = await openWithThreeBatches();

    expect(opened.readRecords('t', 0, from, to, limit).map((record) => record.offset)).toEqual(expected);
  });

  it('given records removed across batches, reads around the gaps and drops emptied batches', async () => {
    const opened = await openWithThreeBatches();

    await opened.write((writer) => writer.removeRecords('t', 0, new Set([1, 3, 4, 5, 8])));

    expect(opened.readRecords('t', 0, 0, 9, 100).map((record) => [record.offset, record.key])).toEqual([
      [0, 'CP-0'],
      [2, 'CP-2'],
      [6, 'CP-6'],
      [7, 'CP-7'],
    ]);
    expect(opened.readRecords('t', 0, 3, 9, 1).map((record) => record.offset)).toEqual([6]);
    expect(opened.readRecord('t', 0, 4)).toBeUndefined();
    expect(opened.readRecord('t', 0, 7)?.timestamp).toBe(1_007);
    expect(opened.endOfRecords('t', 0)).toBe(8);
    expect(opened.endOfRecords('t', 1)).toBeUndefined();
  });
});
