import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { describeError } from '../../errors.ts';
import { backoffDelayMs } from '../backoff.ts';
import { batchHandlerOf, deliverBatch, handlerUnits, type BatchDelivery } from '../batch-delivery.ts';
import { deadLetterRequest } from '../dead-letter.ts';
import {
  defaultRetryPolicy,
  type AppendReceipt,
  type AppendRequest,
  type BatchHandler,
  type BusRecord,
  type SubscribeOptions,
} from '../event-bus.ts';
import type { AppendNotifier } from './append-notifier.ts';
import type { BusLogger } from './bus-logger.ts';
import type { LogStore } from './log-store.ts';
import type { PartitionLog } from './topic-logs.ts';

export interface MemberDependencies {
  readonly store: LogStore;
  readonly notifier: AppendNotifier;
  readonly append: (requests: readonly AppendRequest[]) => Promise<AppendReceipt[]>;
  readonly logger?: BusLogger;
}

/** Records read from lmdb per fetch; offsets are committed between fetches. */
const fetchSize = 500;

interface Run {
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

/**
 * One subscriber of a consumer group: fetches its assigned partitions, hands each record (a batch handler:
 * each fetch) to the handler (retrying retriable failures with backoff, dead-lettering the rest) and
 * commits offsets of what succeeded. The coordinator assigns and revokes partitions; a revoke finishes
 * the handler in flight and commits before it resolves, so the next owner starts exactly after it.
 */
export class GroupMember {
  private run: Run | undefined;
  private readonly handle: BatchHandler;

  constructor(
    readonly options: SubscribeOptions,
    private readonly dependencies: MemberDependencies,
  ) {
    this.handle = batchHandlerOf(options);
  }

  get group(): string {
    return this.options.group;
  }

  /** Starts fetching `partitions` from the group's committed offsets (or `options.from` without one). */
  assign(partitions: readonly PartitionLog[]): void {
    const positions = new Map(partitions.map((log) => [log, this.startOffset(log)]));
    // Committing a start position the group never had pins it: a rebalance before the first record
    // would otherwise re-resolve 'latest' and skip what was appended in between.
    const uncommitted = new Set(
      partitions.filter((log) => this.dependencies.store.committedOffset(this.group, log.topic, log.partition) === undefined),
    );
    const abort = new AbortController();
    this.run = { abort, done: this.fetchLoop(positions, uncommitted, abort.signal) };
  }

  async revoke(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    if (run === undefined) return;
    run.abort.abort();
    await run.done;
  }

  private startOffset(log: PartitionLog): number {
    const committed = this.dependencies.store.committedOffset(this.group, log.topic, log.partition);
    if (committed !== undefined) return Math.min(Math.max(committed, log.logStart), log.nextOffset);
    return this.options.from === 'earliest' ? log.logStart : log.nextOffset;
  }

  private async fetchLoop(
    positions: Map<PartitionLog, number>,
    uncommitted: Set<PartitionLog>,
    signal: AbortSignal,
  ): Promise<void> {
    const topics = new Set([...positions.keys()].map((log) => log.topic));
    let turn = 0;
    // Handling never waits for a commit's fsync: while one is in flight, positions accumulate for the next.
    let committing: Promise<void> | undefined;
    try {
      while (!signal.aborted) {
        const logs = [...positions.keys()];
        // Rotating the start keeps one busy partition from starving the others.
        const behind = logs
          .map((_, index) => logs[(turn + index) % logs.length])
          .find((log) => log !== undefined && (positions.get(log) ?? 0) < log.nextOffset);
        turn += 1;
        if (behind === undefined) {
          // Records handled while the previous commit was in flight are not committed yet: commit them
          // before idling, or they would wait for the next append (lag and restarts would see them pending).
          if (uncommitted.size > 0) {
            await committing;
            await this.commit(positions, uncommitted);
            // An append during the commit would not wake the wait below.
            if (logs.some((log) => (positions.get(log) ?? 0) < log.nextOffset)) continue;
          }
          await this.dependencies.notifier.waitForAppend(topics, signal);
          continue;
        }
        const from = positions.get(behind) ?? behind.logStart;
        const end = behind.nextOffset;
        const records = this.dependencies.store.readRecords(behind.topic, behind.partition, from, end, fetchSize);
        // The cleaner deleted everything from the position on: continue at the end, as Kafka resets past a gap.
        if (records.length === 0) {
          positions.set(behind, end);
          uncommitted.add(behind);
        }
        const delivery = this.deliveryTo(signal, (nextOffset) => {
          positions.set(behind, nextOffset);
          uncommitted.add(behind);
        });
        for (const unit of handlerUnits(this.options, records)) {
          if (signal.aborted || (await deliverBatch(delivery, unit)) === 'interrupted') break;
        }
        committing ??= this.commit(positions, uncommitted).finally(() => {
          committing = undefined;
        });
        // Handlers that finish in microtasks would keep the loop from ever reaching I/O: let file writes,
        // sockets and timers of the process run between fetches.
        await eventLoopTurn();
      }
    } catch (error) {
      // Reading lmdb failed: this member stops fetching; what it handled is still committed below.
      this.dependencies.logger?.error({ group: this.group, error: describeError(error) }, 'fetching stopped');
    } finally {
      await committing;
      await this.commit(positions, uncommitted);
    }
  }

  private deliveryTo(signal: AbortSignal, handled: (nextOffset: number) => void): BatchDelivery {
    return {
      handle: this.handle,
      policy: this.options.retry ?? defaultRetryPolicy,
      handled,
      pause: (delayMs) => pause(delayMs, signal),
      deadLetter: (record, error, attempts) => this.deadLetter(record, error, attempts, signal),
    };
  }

  /** The dead letter must be durable before the offset moves past the record, so failures retry. */
  private async deadLetter(record: BusRecord, error: unknown, attempts: number, signal: AbortSignal): Promise<boolean> {
    const request = deadLetterRequest(record, error, { group: this.group, attempts });
    const policy = this.options.retry ?? defaultRetryPolicy;
    for (let failures = 1; ; failures += 1) {
      try {
        await this.dependencies.append([request]);
        return true;
      } catch (appendError) {
        this.dependencies.logger?.error(
          { topic: record.topic, partition: record.partition, offset: record.offset, error: describeError(appendError) },
          'dead-lettering failed, retrying',
        );
        if (!(await pause(backoffDelayMs(policy, failures), signal))) return false;
      }
    }
  }

  /** A failed commit only means redelivery (at-least-once), so it is logged and tried again next fetch. */
  private async commit(positions: ReadonlyMap<PartitionLog, number>, uncommitted: Set<PartitionLog>): Promise<void> {
    if (uncommitted.size === 0) return;
    const logs = [...uncommitted];
    uncommitted.clear();
    try {
      await this.dependencies.store.write((writer) => {
        for (const log of logs) {
          writer.putCommittedOffset(this.group, log.topic, log.partition, positions.get(log) ?? log.logStart);
        }
      });
    } catch (error) {
      for (const log of logs) uncommitted.add(log);
      this.dependencies.logger?.error({ group: this.group, error: describeError(error) }, 'committing offsets failed');
    }
  }
}

/** Waits `ms`; false when `signal` aborted first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
