import type { Clock } from '../../clock.ts';
import { SwitchyardError } from '../../errors.ts';
import type { AppendReceipt, AppendRequest, BusRecord } from '../event-bus.ts';
import type { LogStore, LogWriter } from './log-store.ts';
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
  nextOffset: number;
  maxTimestamp: number;
  readonly records: StoredRecord[];
}

/**
 * Group commit: append() calls that arrive while a commit is in flight wait for it, then all of them are
 * written in the next single lmdb transaction. One fsync thus acknowledges many callers, which is what
 * makes durable appends fast. Offsets are assigned from staged copies of the partition heads and only
 * published after the commit, so a failed commit leaves no gap and no reader sees an unsynced record.
 */
export class GroupCommitAppender {
  private queue: PendingAppend[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: LogStore,
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
    const receipts: AppendReceipt[][] = [];
    const topics = new Set<string>();
    const now = this.clock.now();
    try {
      await this.store.write((writer) => {
        for (const pending of batch) {
          receipts.push(pending.appends.map((append) => this.stage(append, now, staged, writer)));
          for (const { request } of pending.appends) topics.add(request.topic);
        }
        for (const [log, head] of staged) writer.putRecords(log.topic, log.partition, head.records);
      });
    } catch (error) {
      const failure = new SwitchyardError('bus.append-failed', 'the embedded log could not commit the append', {
        retriable: true,
        cause: error,
      });
      for (const pending of batch) pending.reject(failure);
      return;
    }
    for (const [log, head] of staged) {
      log.nextOffset = head.nextOffset;
      log.maxTimestamp = head.maxTimestamp;
    }
    batch.forEach((pending, index) => pending.resolve(receipts[index] ?? []));
    this.onAppended(topics);
  }

  private stage(append: ResolvedAppend, now: number, staged: Map<PartitionLog, StagedHead>, writer: LogWriter): AppendReceipt {
    const { request, log } = append;
    const partitionLog = log.partitions[partitionForKey(request.key, log.partitions.length)];
    if (partitionLog === undefined) throw new Error(`partition missing in ${request.topic}`);
    const head = staged.get(partitionLog) ?? {
      nextOffset: partitionLog.nextOffset,
      maxTimestamp: partitionLog.maxTimestamp,
      records: [],
    };
    staged.set(partitionLog, head);
    const record: BusRecord = {
      topic: request.topic,
      partition: partitionLog.partition,
      offset: head.nextOffset,
      key: request.key,
      value: request.value,
      headers: request.headers ?? {},
      timestamp: request.timestamp ?? now,
    };
    head.nextOffset += 1;
    head.records.push(record);
    if (record.timestamp > head.maxTimestamp) {
      head.maxTimestamp = record.timestamp;
      writer.putTimeIndex(record.topic, record.partition, record.timestamp, record.offset);
    }
    if (log.spec.cleanupPolicy === 'compact') {
      if (record.value === null) writer.removeLatest(record.topic, record.key);
      else writer.putLatest(record.topic, record.key, record);
    }
    return { topic: record.topic, partition: record.partition, offset: record.offset };
  }
}
