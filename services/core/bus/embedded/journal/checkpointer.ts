import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { describeError } from '../../../errors.ts';
import { backoffDelayMs } from '../../backoff.ts';
import type { RetryPolicy } from '../../event-bus.ts';
import { byPartition, mergedBatch, writeAppendedBatch, type AppendedBatch } from '../appended-batch.ts';
import type { BusLogger } from '../bus-logger.ts';
import type { LogStore } from '../log-store.ts';
import type { AppendJournal } from './append-journal.ts';

export interface CheckpointPolicy {
  /** How long journaled appends may wait for their lmdb checkpoint. */
  readonly intervalMs: number;
  /** Held bytes that start a checkpoint before the interval is up. */
  readonly eagerBytes: number;
  /** Held bytes at which appends wait for a checkpoint (backpressure). */
  readonly maxHeldBytes: number;
}

const retryPolicy: RetryPolicy = { initialBackoffMs: 50, maxBackoffMs: 5_000, maxAttempts: Infinity };

/**
 * Moves journaled appends from the memtable into lmdb, off the acknowledge path: all held entries in
 * one lmdb transaction, one batch per partition (with the last journal sequence it holds), awaited until lmdb flushed it, then
 * dropped from the memtable and released in the journal. Checkpoints run one at a time, `intervalMs`
 * after the first append that follows the previous one (sooner past `eagerBytes`), so lmdb syncs a few
 * times a second however fast appends come, instead of once per group commit. A failed checkpoint keeps
 * everything held and is retried with backoff; the journal still has every acknowledged append.
 */
export class Checkpointer {
  /** The last journal entry lmdb holds on disk. */
  private checkpointed: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly roomWaiters: Array<() => void> = [];
  private readonly closing = new AbortController();

  constructor(
    private readonly store: LogStore,
    private readonly journal: AppendJournal,
    private readonly policy: CheckpointPolicy,
    private readonly logger: BusLogger | undefined,
  ) {
    this.checkpointed = store.journalSequence();
    // What a previous run left in the journal (recovered at open) goes to lmdb straight away.
    if (this.pending()) this.start();
  }

  /** Called after each journaled append. */
  appended(): void {
    if (this.store.journaledBytes >= this.policy.eagerBytes) this.start();
    else this.schedule();
  }

  /** Resolves once the memtable has room: appends wait here while lmdb is behind. */
  async roomForAppend(): Promise<void> {
    while (this.store.journaledBytes >= this.policy.maxHeldBytes && this.pending() && !this.closing.signal.aborted) {
      this.start();
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Resolves once lmdb holds, on disk, everything journaled so far (not what is appended meanwhile). */
  async checkpointNow(): Promise<void> {
    const target = this.store.journaledAfter(this.checkpointed).at(-1)?.sequence ?? this.checkpointed;
    while (this.checkpointed < target && !this.closing.signal.aborted) {
      this.start();
      await this.running;
    }
  }

  /** Stops checkpointing after a last checkpoint; what it could not apply, reopening re-applies. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.closing.abort();
    await this.running;
    if (!this.pending()) return;
    try {
      await this.checkpoint();
    } catch (error) {
      this.logger?.error({ error: describeError(error) }, 'final lmdb checkpoint failed; the journal keeps the appends');
    }
  }

  private pending(): boolean {
    return this.store.journaledAfter(this.checkpointed).length > 0;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.running !== undefined || this.closing.signal.aborted) return;
    this.timer = setTimeout(() => this.start(), this.policy.intervalMs);
    // The journal holds what is waiting: an exiting process need not stay for the checkpoint.
    this.timer.unref();
  }

  private start(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closing.signal.aborted) return;
    this.running ??= this.checkpointWithRetries().finally(() => {
      this.running = undefined;
      if (!this.pending()) return;
      if (this.store.journaledBytes >= this.policy.eagerBytes) this.start();
      else this.schedule();
    });
  }

  private async checkpointWithRetries(): Promise<void> {
    for (let failures = 0; !this.closing.signal.aborted; ) {
      try {
        await this.checkpoint();
        return;
      } catch (error) {
        failures += 1;
        this.logger?.error({ error: describeError(error), failures }, 'lmdb checkpoint failed, retrying');
        await pause(backoffDelayMs(retryPolicy, failures), this.closing.signal);
      }
    }
  }

  private async checkpoint(): Promise<void> {
    const entries = this.store.journaledAfter(this.checkpointed);
    const last = entries.at(-1)?.sequence;
    if (last === undefined) return;
    const batches: AppendedBatch[] = [];
    for (const partitionBatches of byPartition(entries.flatMap((entry) => entry.batches))) {
      batches.push(mergedBatch(partitionBatches));
      // Merging copies every held record: appends get the event loop between partitions.
      await eventLoopTurn();
    }
    await this.store.writeFlushed((writer) => {
      for (const batch of batches) writeAppendedBatch(writer, batch);
      writer.putJournalSequence(last);
    });
    this.checkpointed = last;
    this.store.dropJournaledThrough(last);
    this.journal.release(last);
    for (const wake of this.roomWaiters.splice(0)) wake();
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
