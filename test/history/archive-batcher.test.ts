import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/core/clock.ts';
import { SwitchyardError } from '../../services/core/errors.ts';
import type { ArchiveRow } from '../../services/history/archive-row.ts';
import type { ArchiveBatch, ArchiveStore } from '../../services/history/archive-store.ts';
import { createArchiveBatcher, type ArchiveBatcher, type BatchLimits } from '../../services/history/archive-batcher.ts';
import { eventIdEncoding, eventIdsOf } from './support/event-id-encoding.ts';

/** An archive that keeps what it was given in memory and can be switched off like an unreachable server. */
class MemoryArchive implements ArchiveStore {
  readonly batches: ArchiveBatch[] = [];
  available = true;

  async write(batch: ArchiveBatch): Promise<void> {
    if (!this.available) throw new SwitchyardError('clickhouse.unavailable', 'connection refused', { retriable: true });
    this.batches.push(batch);
  }

  async archivedPositions() {
    return [];
  }

  archivedIds(): unknown[] {
    return this.batches.flatMap((batch) => [...batch.rows.values()].flatMap(eventIdsOf));
  }
}

const row = (id: number): ArchiveRow[] => [{ table: 'ocpp_events', values: { event_id: `e${id}` } }];
/** What the archiver does per record of partition 0: wait for room, then add. */
async function accept(batcher: ArchiveBatcher, offset: number): Promise<void> {
  await batcher.whenRoom();
  batcher.add(0, offset, row(offset));
}

const limits: BatchLimits = { maxRows: 3, maxDelayMs: 20, eagerRows: 3, maxBufferedRows: 5, retry: { initialBackoffMs: 10, maxBackoffMs: 20 } };

describe('archive batcher', () => {
  const failures: unknown[] = [];
  let batcher: ArchiveBatcher | undefined;
  const open = (store: ArchiveStore) => {
    batcher = createArchiveBatcher({
      store,
      group: 'g',
      topic: 't',
      encoding: eventIdEncoding(),
      limits,
      clock: systemClock,
      events: { written: () => undefined, writeFailed: (error) => failures.push(error) },
    });
    return batcher;
  };

  afterEach(async () => {
    failures.length = 0;
    await batcher?.close().catch(() => undefined);
  });

  it('writes a batch when it is full and the rest when its time is up', async () => {
    const store = new MemoryArchive();
    const batcher = open(store);

    for (let offset = 0; offset < 4; offset += 1) await accept(batcher, offset);

    await expect.poll(() => store.batches.map((batch) => batch.rowCount)).toEqual([3, 1]);
    expect(store.batches.map((batch) => batch.positions)).toEqual([[{ partition: 0, offset: 3 }], [{ partition: 0, offset: 4 }]]);
  });

  it('writes at once to an idle store, and lets the next batch grow while a write is in flight', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store = new MemoryArchive();
    const slow: ArchiveStore = {
      write: async (batch) => {
        if (store.batches.length === 0) await held;
        await store.write(batch);
      },
      archivedPositions: () => store.archivedPositions(),
    };
    const eager = createArchiveBatcher({
      store: slow,
      group: 'g',
      topic: 't',
      encoding: eventIdEncoding(),
      limits: { ...limits, maxRows: 10, maxBufferedRows: 20, eagerRows: 2, maxDelayMs: 60_000 },
      clock: systemClock,
      events: { written: () => undefined, writeFailed: (error) => failures.push(error) },
    });
    batcher = eager;

    for (let offset = 0; offset < 7; offset += 1) await accept(eager, offset);
    release();

    // The first two went without waiting for the delay; the five that came during that write went next, together.
    await expect.poll(() => store.batches.map((batch) => batch.rowCount)).toEqual([2, 5]);
  });

  it('keeps rows of a failed write and writes them, in order, once the store is back', async () => {
    const store = new MemoryArchive();
    store.available = false;
    const batcher = open(store);

    for (let offset = 0; offset < 4; offset += 1) await accept(batcher, offset);
    await expect.poll(() => failures.length).toBeGreaterThan(0);
    store.available = true;

    await expect.poll(() => store.archivedIds()).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(store.batches.at(-1)?.positions).toEqual([{ partition: 0, offset: 4 }]);
  });

  it('refuses a record with a retriable error while the buffer is full and the store down', async () => {
    const store = new MemoryArchive();
    store.available = false;
    const batcher = open(store);
    for (let offset = 0; offset < limits.maxBufferedRows; offset += 1) await accept(batcher, offset);

    const refused = accept(batcher, 5);

    await expect(refused).rejects.toMatchObject({ code: 'history.archive_unavailable', retriable: true });
    store.available = true;
    await accept(batcher, 5);
    await batcher.flush();
    expect(store.archivedIds()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('writes a position alone when the records since the last batch made no rows', async () => {
    const store = new MemoryArchive();
    const batcher = open(store);

    batcher.handledBefore(2, 41);

    await expect.poll(() => store.batches.map((batch) => batch.positions)).toEqual([[{ partition: 2, offset: 41 }]]);
  });
});
