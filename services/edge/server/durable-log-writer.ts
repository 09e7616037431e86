import type { AppendRequest, EventBus } from '../../core/bus/event-bus.ts';
import { SwitchyardError } from '../../core/errors.ts';

export interface LogEntry {
  readonly request: AppendRequest;
  /**
   * Raw frames and lifecycle records describe what happened on the wire, so they are kept and retried
   * when an append fails. Domain events derived from a message the charger will resend are dropped
   * instead: the resent message produces them again.
   */
  readonly keepOnFailure: boolean;
}

export interface DurableLogWriter {
  /** Queues entries; they are appended with the next batch. Never blocks the caller. */
  enqueue(entries: readonly LogEntry[]): void;
  /**
   * Appends these entries, together with everything queued before them (so one charger's records keep
   * their order), and resolves only once the bus has made them durable. Rejects when the append fails.
   */
  appendNow(entries: readonly LogEntry[]): Promise<void>;
  /** Appends whatever is queued and stops the batch timer. */
  close(): Promise<void>;
}

export interface DurableLogWriterOptions {
  readonly bus: EventBus;
  /** How long a queued entry may wait for companions before its batch is appended. */
  readonly batchDelayMs: number;
  readonly maxBatchSize: number;
  /** Entries queued while the bus is failing; beyond this new batched entries are dropped (and reported). */
  readonly maxQueued: number;
  readonly onAppendFailure: (error: unknown, dropped: number) => void;
}

/**
 * One writer serialises every append of the edge: batches go out one after another, so records of one
 * key are never reordered by two appends racing, and a durable append carries the queue ahead of it.
 */
export function createDurableLogWriter(options: DurableLogWriterOptions): DurableLogWriter {
  const { bus } = options;
  let queue: LogEntry[] = [];
  /** A durable caller's entries occupy positions (from, upTo] of everything ever queued. */
  let waiters: { from: number; upTo: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let enqueuedTotal = 0;
  let writtenTotal = 0;
  let timer: NodeJS.Timeout | undefined;
  /** The one append loop; callers that want a flush while it runs only raise flushWanted. */
  let pumping: Promise<void> | undefined;
  let flushWanted = false;
  let closed = false;

  const schedule = (): void => {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, options.batchDelayMs);
    timer.unref();
  };

  /** Resolves false when the bus refused the batch. */
  const appendBatch = async (): Promise<boolean> => {
    // A durable caller's entries always travel in one append (all-or-nothing), whatever the batch size.
    let size = options.maxBatchSize;
    for (const waiter of waiters) {
      if (waiter.from < writtenTotal + size) size = Math.max(size, waiter.upTo - writtenTotal);
    }
    const batch = queue.length <= size ? queue : queue.slice(0, size);
    queue = queue.length <= size ? [] : queue.slice(size);
    const batchEnd = writtenTotal + batch.length;
    try {
      await bus.append(batch.map((entry) => entry.request));
      writtenTotal = batchEnd;
      settle((waiter) => waiter.upTo <= batchEnd, (waiter) => waiter.resolve());
      return true;
    } catch (error) {
      const kept = batch.filter((entry) => entry.keepOnFailure);
      const room = Math.max(0, options.maxQueued - queue.length);
      const requeued = kept.slice(Math.max(0, kept.length - room));
      queue = [...requeued, ...queue];
      // Counters move as if the batch was written, so waiters further back keep their positions.
      writtenTotal = batchEnd - requeued.length;
      enqueuedTotal = writtenTotal + queue.length;
      const failure = new SwitchyardError('edge.log-append-failed', 'could not append to the event log', {
        retriable: true,
        cause: error,
      });
      settle((waiter) => waiter.upTo <= batchEnd, (waiter) => waiter.reject(failure));
      options.onAppendFailure(error, batch.length - requeued.length);
      return false;
    }
  };

  /**
   * Appends batch after batch while a flush is wanted, a durable caller waits or a full batch is queued;
   * what is left waits for the batch timer. Everything queued while one append is under way travels in
   * the next, so durable callers share appends (group commit) instead of queueing one append each.
   * After a refused append the rest waits for the timer rather than hammering a failing bus.
   */
  const pump = async (): Promise<void> => {
    // Starts after the caller's synchronous code, so `pumping` is set before this can finish.
    await undefined;
    try {
      let appended = true;
      do {
        flushWanted = false;
        if (queue.length > 0) appended = await appendBatch();
      } while (appended && (flushWanted || (queue.length > 0 && (waiters.length > 0 || queue.length >= options.maxBatchSize))));
      if (queue.length > 0) schedule();
    } finally {
      pumping = undefined;
    }
  };

  const flush = (): Promise<void> => {
    flushWanted = true;
    pumping ??= pump();
    return pumping;
  };

  const settle = (
    matches: (waiter: (typeof waiters)[number]) => boolean,
    action: (waiter: (typeof waiters)[number]) => void,
  ): void => {
    const done = waiters.filter(matches);
    if (done.length === 0) return;
    waiters = waiters.filter((waiter) => !matches(waiter));
    for (const waiter of done) action(waiter);
  };

  const push = (entries: readonly LogEntry[]): number => {
    for (const entry of entries) queue.push(entry);
    enqueuedTotal += entries.length;
    return enqueuedTotal;
  };

  return {
    enqueue(entries) {
      if (entries.length === 0) return;
      if (queue.length + entries.length > options.maxQueued) {
        options.onAppendFailure(new Error('append queue full while the bus is failing'), entries.length);
        return;
      }
      push(entries);
      if (queue.length >= options.maxBatchSize) void flush();
      else schedule();
    },
    appendNow(entries) {
      const upTo = push(entries);
      const done = new Promise<void>((resolve, reject) => {
        waiters.push({ from: upTo - entries.length, upTo, resolve, reject });
      });
      void flush();
      return done;
    },
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      while (queue.length > 0 || pumping !== undefined) {
        const before = queue.length;
        await flush();
        if (queue.length >= before) break;
      }
    },
  };
}
