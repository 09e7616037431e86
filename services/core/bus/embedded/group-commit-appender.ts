import type { Clock } from '../../clock.ts';
import { SwitchyardError } from '../../errors.ts';
import type { AppendReceipt, AppendRequest } from '../event-bus.ts';
import { appendedBatch, type AppendedBatch } from './appended-batch.ts';
import type { AppendSink } from './append-sink.ts';
import type { StoredRecord } from './record-codec.ts';
import { partitionForKey } from './partitioner.ts';
import type { PartitionLog, TopicLog } from './topic-logs.ts';

export interface ResolvedAppend {
  readonly request: AppendRequest;
  readonly log: TopicLog;
}

interface PendingAppend {
  readonly appends: readonly ResolvedAppend[];
  readonly resolve: (receipts: AppendReceipt[]) => void;
  readonly reject: (error: unknown) => void;
}

interface StagedHead {
  readonly log: TopicLog;
  nextOffset: number;
  readonly records: StoredRecord[];
}

/**
 * Group commit: append() calls that arrive while a commit is in flight wait for it, then all of them are
 * persisted together by the next commit (one journal entry, or one lmdb transaction without a journal).
 * One sync thus acknowledges many callers, which is what makes durable appends fast. Offsets are assigned
 * from staged copies of the partition heads and only published after the commit, so a failed commit
 * leaves no gap and no reader sees a record that is not durable.
 */
export class GroupCommitAppender {
  private queue: PendingAppend[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly sink: AppendSink,
    private readonly clock: Clock,
    private readonly onAppended: (topics: ReadonlySet<string>) => void,
  ) {}

  append(appends: readonly ResolvedAppend[]): Promise<AppendReceipt[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, resolve, reject });
      this.running ??= this.drainQueue();
    });
  }

  /** Resolves once every append queued so far is committed or failed. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async drainQueue(): Promise<void> {
    // Let the appends issued in the current event turn join the first transaction.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.commit(batch);
    }
    this.running = undefined;
  }

  private async commit(batch: readonly PendingAppend[]): Promise<void> {
    const staged = new Map<PartitionLog, StagedHead>();
    const now = this.clock.now();
    let receipts: AppendReceipt[][];
    let appended: Array<{ partitionLog: PartitionLog; head: StagedHead; batch: AppendedBatch; maxTimestamp: number }>;
    try {
      receipts = batch.map((pending) => pending.appends.map((append) => this.stage(append, now, staged)));
      appended = [...staged].map(([partitionLog, head]) => ({
        partitionLog,
        head,
        ...appendedBatch(partitionLog.topic, partitionLog.partition, head.log.spec.cleanupPolicy === 'compact', head.records, partitionLog.maxTimestamp),
      }));
      await this.sink.persist(appended.map((entry) => entry.batch));
    } catch (error) {
      const failure = new SwitchyardError('bus.append-failed', 'the embedded log could not commit the append', {
        retriable: true,
        cause: error,
      });
      for (const pending of batch) pending.reject(failure);
      return;
    }
    const topics = new Set<string>();
    for (const { partitionLog, head, maxTimestamp } of appended) {
      partitionLog.nextOffset = head.nextOffset;
      partitionLog.maxTimestamp = maxTimestamp;
      topics.add(partitionLog.topic);
    }
    batch.forEach((pending, index) => pending.resolve(receipts[index] ?? []));
    this.onAppended(topics);
  }

  private stage(append: ResolvedAppend, now: number, staged: Map<PartitionLog, StagedHead>): AppendReceipt {
    const { request, log } = append;
    const partitionLog = log.partitions[partitionForKey(request.key, log.partitions.length)];
    if (partitionLog === undefined) throw new Error(`partition missing in ${request.topic}`);
    const head = staged.get(partitionLog) ?? { log, nextOffset: partitionLog.nextOffset, records: [] };
    staged.set(partitionLog, head);
    const offset = head.nextOffset;
    head.nextOffset += 1;
    head.records.push({ offset, key: request.key, value: request.value, headers: request.headers ?? {}, timestamp: request.timestamp ?? now });
    return { topic: request.topic, partition: partitionLog.partition, offset };
  }
}
