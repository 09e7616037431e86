import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogStore } from '../log-store.ts';
import { encodeBatch } from '../record-codec.ts';
import { storedRecord } from '../stored-record-fixture.ts';
import { holdUncheckpointed } from './recover-journal.ts';

let directory = '';
let store: LogStore | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-recover-journal-'));
  store = LogStore.open(join(directory, 'log'), 'sync');
});

afterEach(async () => {
  await store?.close();
  await rm(directory, { recursive: true, force: true });
});

const entry = (sequence: number, offset: number) => ({
  sequence,
  batches: [{ topic: 't', partition: 0, baseOffset: offset, bytes: encodeBatch(offset, [storedRecord(offset, `CP-${offset}`, 1_000 + offset)]) }],
});

describe('recovering the journal entries lmdb lacks', () => {
  it('given consecutive entries after what lmdb holds, holds them all and continues after the last', () => {
    const opened = store as LogStore;

    expect(holdUncheckpointed(opened, [entry(1, 0), entry(2, 1)])).toBe(3);
    expect(opened.readRecords('t', 0, 0, 10, 10).map((record) => record.key)).toEqual(['CP-0', 'CP-1']);
  });

  it('given a missing entry between what lmdb holds and the journal, refuses to open rather than skip acknowledged appends', () => {
    expect(() => holdUncheckpointed(store as LogStore, [entry(2, 1)])).toThrow(expect.objectContaining({ code: 'bus.journal-gap', retriable: false }));
  });
});
