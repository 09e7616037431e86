import { backoffDelayMs } from '../core/bus/backoff.ts';
import type { RetryPolicy } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { SwitchyardError } from '../core/errors.ts';
import type { ArchiveEncoding } from './archive-encoding.ts';
import type { ArchiveRow } from './archive-row.ts';
import type { AvroInsertPlan } from './avro-columns.ts';
import type { ArchiveBatch, ArchiveStore } from './archive-store.ts';
import { PendingArchive } from './pending-archive.ts';

export interface BatchLimits {
  /** A batch is written once it holds this many rows... */
  readonly maxRows: number;
  /** ...or this long after its first record arrived, whichever comes first... */
  readonly maxDelayMs: number;
  /**
   * ...or, while no write is in flight, once it holds this many: an idle ClickHouse starts on a backlog at
   * once, and batches grow towards `maxRows` only while it is busy, so it is never idle waiting for rows.
   */
  readonly eagerRows: number;
  /** Beyond this many rows waiting (ClickHouse slow or down), the next fetch waits for a write (`whenRoom`). */
  readonly maxBufferedRows: number;
  /** Backoff between attempts to write a batch that failed. */
  readonly retry: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>;
}

export interface BatcherEvents {
  written(batch: ArchiveBatch, durationMs: number): void;
  writeFailed(error: unknown, failuresInARow: number): void;
}

export interface ArchiveBatcher {
  /** Records of `partition` before `offset` are done, whether or not they made rows. */
  handledBefore(partition: number, offset: number): void;
  /**
   * Resolves at once unless the buffer is full; then it waits for a write and, when that fails, rejects
   * with a retriable error. Callers ask before adding the rows of a fetch.
   */
  whenRoom(): Promise<void>;
  /** Buffers a record's rows; throws a non-retriable error, taking none, when a row does not fit its table's columns. */
  add(partition: number, offset: number, rows: readonly ArchiveRow[]): void;
  /** Buffers a record archived as written (its Avro body, inserted by its writer schema's plan). */
  addBody(partition: number, offset: number, plan: AvroInsertPlan, body: Uint8Array): void;
  /** Writes everything buffered now. */
  flush(): Promise<void>;
  /** Stops the timers and makes one last write of what is buffered. */
  close(): Promise<void>;
}

/** Size- and time-bounded batches of one topic's rows, written one at a time and retried until written. */
export function createArchiveBatcher(deps: {
  readonly store: ArchiveStore;
  readonly group: string;
  readonly topic: string;
  readonly encoding: ArchiveEncoding;
  readonly limits: BatchLimits;
  readonly clock: Clock;
  readonly events: BatcherEvents;
}): ArchiveBatcher {
  const { store, limits, clock, events } = deps;
  const pending = new PendingArchive(deps.group, deps.topic, deps.encoding);
  let writing: Promise<void> | undefined;
  let waiting: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failuresInARow = 0;
  let closed = false;

  const writeOnce = async (): Promise<void> => {
    cancelTimer();
    if (pending.isEmpty) return;
    const batch = pending.take();
    const startedAt = clock.now();
    try {
      await store.write(batch);
    } catch (error) {
      pending.restore(batch);
      failuresInARow += 1;
      events.writeFailed(error, failuresInARow);
      // The retry waits out the backoff even when a batch timer was started meanwhile.
      cancelTimer();
      schedule(backoffDelayMs({ ...limits.retry, maxAttempts: Infinity }, failuresInARow));
      throw new SwitchyardError('history.archive_unavailable', `archiving ${deps.topic} failed; will retry`, {
        retriable: true,
        cause: error,
      });
    }
    failuresInARow = 0;
    events.written(batch, clock.now() - startedAt);
  };

  // One write at a time: each starts after the previous settled and takes everything buffered by then, so
  // callers asking while one is already waiting to start share it instead of queueing tiny batches.
  const flush = (): Promise<void> => {
    if (waiting !== undefined) return waiting;
    const start = (): Promise<void> => {
      waiting = undefined;
      return writeOnce();
    };
    const next = (writing ?? Promise.resolve()).then(start, start);
    waiting = next;
    writing = next;
    const clear = (): void => {
      if (writing !== next) return;
      writing = undefined;
      // Rows that arrived during the write go at once when they are enough to be worth it.
      if (!pending.isEmpty) afterChange();
    };
    next.then(clear, clear);
    return next;
  };

  // A failed background write was reported through `events` and rescheduled itself.
  const flushInBackground = (): void => {
    flush().catch(() => undefined);
  };

  function cancelTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function schedule(delayMs: number): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      flushInBackground();
    }, delayMs);
  }

  const afterChange = (): void => {
    // While writes fail, the retry timer alone decides when to try again.
    if (failuresInARow > 0) return;
    if (pending.rowCount >= limits.maxRows || (writing === undefined && pending.rowCount >= limits.eagerRows)) flushInBackground();
    else schedule(limits.maxDelayMs);
  };

  return {
    handledBefore(partition, offset) {
      pending.handledBefore(partition, offset);
      afterChange();
    },
    whenRoom() {
      return pending.rowCount >= limits.maxBufferedRows ? flush() : Promise.resolve();
    },
    add(partition, offset, rows) {
      pending.add(partition, offset, rows);
      afterChange();
    },
    addBody(partition, offset, plan, body) {
      pending.addBody(partition, offset, plan, body);
      afterChange();
    },
    flush,
    async close() {
      closed = true;
      cancelTimer();
      await flush();
    },
  };
}
