import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendedBatch } from '../appended-batch.ts';
import { LogStore } from '../log-store.ts';
import { JournaledAppendSink } from './journaled-append-sink.ts';

let directory = '';
let store: LogStore | undefined;
let sink: JournaledAppendSink | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-journal-sink-'));
});

afterEach(async () => {
  await sink?.close();
  await store?.close();
  sink = undefined;
  store = undefined;
  await rm(directory, { recursive: true, force: true });
});

const batchAt = (offset: number) =>
  appendedBatch('t', 0, false, [{ offset, key: `CP-${offset}`, value: new Uint8Array(100), headers: {}, timestamp: offset }], -Infinity).batch;

function openSink(maxHeldBytes: number): { store: LogStore; sink: JournaledAppendSink } {
  const opened = LogStore.open(join(directory, 'log'), 'sync');
  store = opened;
  // No checkpoint on a timer or by size: only backpressure or checkpoint() start one.
  sink = JournaledAppendSink.open(opened, join(directory, 'log'), {
    segmentBytes: 1024 * 1024,
    checkpoints: { intervalMs: 60 * 60 * 1000, eagerBytes: Infinity, maxHeldBytes },
  });
  return { store: opened, sink };
}

describe('journaled append sink', () => {
  it('holds nothing once a checkpoint put several entries of one partition in lmdb', async () => {
    const opened = openSink(Infinity);
    for (const offset of [0, 1, 2]) await opened.sink.persist([batchAt(offset)]);

    await opened.sink.checkpoint();

    expect(opened.store.journalSequence()).toBe(3);
    expect(opened.store.journaledBytes).toBe(0);
    expect(opened.store.journaledAfter(0)).toEqual([]);
    expect(opened.store.readRecords('t', 0, 0, 3, 10).map((record) => record.key)).toEqual(['CP-0', 'CP-1', 'CP-2']);
  });

  it('makes an append wait for an lmdb checkpoint once the memtable holds its limit, and checkpoints in order', async () => {
    const opened = openSink(1);

    await opened.sink.persist([batchAt(0)]);
    expect(opened.store.journalSequence()).toBe(0);
    expect(opened.store.journaledBytes).toBeGreaterThan(0);

    await opened.sink.persist([batchAt(1)]);

    expect(opened.store.journalSequence()).toBe(1);
    expect(opened.store.journaledAfter(0).map((entry) => entry.sequence)).toEqual([2]);
    expect(opened.store.readRecords('t', 0, 0, 2, 10).map((record) => record.key)).toEqual(['CP-0', 'CP-1']);
  });
});
