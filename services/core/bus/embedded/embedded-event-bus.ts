import type { Clock } from '../../clock.ts';
import { describeError, SwitchyardError } from '../../errors.ts';
import type {
  AppendReceipt,
  AppendRequest,
  BusRecord,
  EventBus,
  PartitionLag,
  PartitionOffset,
  SeekTarget,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from '../event-bus.ts';
import { AppendNotifier } from './append-notifier.ts';
import { LmdbAppendSink, type AppendSink } from './append-sink.ts';
import { appendProblem } from './append-validation.ts';
import { compactTopics } from './compaction.ts';
import type { BusLogger } from './bus-logger.ts';
import { GroupCommitAppender } from './group-commit-appender.ts';
import { GroupCoordinator } from './group-coordinator.ts';
import { GroupMember } from './group-member.ts';
import { JournaledAppendSink } from './journal/journaled-append-sink.ts';
import { LogStore, type Durability } from './log-store.ts';
import { enforceRetention } from './retention.ts';
import { seekOffsets } from './seek-offsets.ts';
import { TopicLogs, type TopicLog } from './topic-logs.ts';

export interface EmbeddedEventBusOptions {
  /** Directory of the lmdb environment (created when missing). */
  readonly path: string;
  /** Partition counts and cleanup policies of known topics (services/core/bus/topic-catalogue.ts). */
  readonly catalogue: readonly TopicSpec[];
  readonly clock: Clock;
  readonly logger?: BusLogger;
  /** Default `sync`: an acknowledged append survives power loss. See README.md. */
  readonly durability?: Durability;
  /** Partitions of a topic that is neither ensured nor in the catalogue, like Kafka's `num.partitions`. */
  readonly defaultPartitions?: number;
  /** How often the cleaner runs on its own, like Kafka's `log.retention.check.interval.ms`; absent: never. */
  readonly cleanerIntervalMs?: number;
  /** How long compaction keeps tombstones, Kafka's `delete.retention.ms` (default one day). */
  readonly tombstoneRetentionMs?: number;
  /**
   * `sync` only: how long journaled appends may wait before a checkpoint writes them to lmdb (default
   * 250 ms; sooner once 8 MiB are waiting). Longer means fewer, larger lmdb syncs, a longer replay at open
   * and longer waits for the durable appends queued on the disk behind each sync.
   */
  readonly checkpointIntervalMs?: number;
}

/** The embedded log adds what Kafka offers through compaction and log retention. */
export interface EmbeddedEventBus extends EventBus {
  /** Latest live record of every key of a compacted topic, in key order (tombstoned keys are gone). */
  readLatestByKey(topic: string): Promise<BusRecord[]>;
  getLatest(topic: string, key: string): Promise<BusRecord | undefined>;
  /**
   * Kafka's log cleaner: deletes records past retention on delete-policy topics and superseded records
   * (and old tombstones) on compacted ones. Returns how many records it deleted.
   */
  runCleaner(): Promise<number>;
}

const oneDay = 24 * 60 * 60 * 1000;
const mebibyte = 1024 * 1024;

export function openEmbeddedEventBus(options: EmbeddedEventBusOptions): EmbeddedEventBus {
  const durability = options.durability ?? 'sync';
  const store = LogStore.open(options.path, durability);
  try {
    const sink = durability === 'sync' ? openJournal(store, options) : new LmdbAppendSink(store);
    return new LmdbEventBus(store, new TopicLogs(store, options.catalogue, options.defaultPartitions ?? 1), sink, options);
  } catch (error) {
    // A log that refuses to open (a gap in the journal, a bad topic spec) leaves no lmdb environment open.
    void store.close().catch(() => undefined);
    throw error;
  }
}

/*
 * A durable append's journal write queues on the disk behind whatever lmdb flush is under way, so small
 * flushes often beat large ones rarely: four checkpoints a second cut the gateway's p99 at 1k calls/s by
 * about 40% against one a second; ten cost batched appends about a tenth of their throughput (README.md).
 * 64 MiB held bounds the memory when lmdb falls behind (appends then wait).
 */
function openJournal(store: LogStore, options: EmbeddedEventBusOptions): AppendSink {
  return JournaledAppendSink.open(store, options.path, {
    segmentBytes: 16 * mebibyte,
    checkpoints: { intervalMs: options.checkpointIntervalMs ?? 250, eagerBytes: 8 * mebibyte, maxHeldBytes: 64 * mebibyte },
    logger: options.logger,
  });
}

class LmdbEventBus implements EmbeddedEventBus {
  private readonly notifier = new AppendNotifier();
  private readonly appender: GroupCommitAppender;
  private readonly coordinator: GroupCoordinator;
  private closing: Promise<void> | undefined;
  private readonly cleanerTimer: NodeJS.Timeout | undefined;
  private cleanerRun: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: LogStore,
    private readonly topics: TopicLogs,
    private readonly sink: AppendSink,
    private readonly options: EmbeddedEventBusOptions,
  ) {
    this.appender = new GroupCommitAppender(sink, options.clock, (appended) => this.notifier.notify(appended));
    this.coordinator = new GroupCoordinator(topics);
    if (options.cleanerIntervalMs !== undefined) {
      this.cleanerTimer = setInterval(() => this.runScheduledCleaner(), options.cleanerIntervalMs);
      this.cleanerTimer.unref();
    }
  }

  async append(records: readonly AppendRequest[]): Promise<AppendReceipt[]> {
    this.assertOpen();
    if (records.length === 0) return [];
    const logs = new Map<string, TopicLog>();
    for (const request of records) {
      if (!logs.has(request.topic)) logs.set(request.topic, this.topics.known(request.topic) ?? (await this.topics.resolve(request.topic)));
    }
    const appends = records.map((request) => {
      const log = logs.get(request.topic);
      if (log === undefined) throw new Error(`topic ${request.topic} was not resolved`);
      const problem = appendProblem(request, log.spec);
      if (problem !== undefined) {
        throw new SwitchyardError('bus.invalid-record', `${request.topic}/${String(request.key)}: ${problem}`, {
          retriable: false,
        });
      }
      return { request, log };
    });
    this.assertOpen();
    return this.appender.append(appends);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    await Promise.all(options.topics.map((topic) => this.topics.resolve(topic)));
    const member = new GroupMember(options, {
      store: this.store,
      notifier: this.notifier,
      append: (requests) => this.append(requests),
      logger: this.options.logger,
    });
    await this.coordinator.join(member);
    let stopping: Promise<void> | undefined;
    return {
      ready: Promise.resolve(),
      stop: () => (stopping ??= this.coordinator.leave(member)),
    };
  }

  async seekGroup(group: string, topic: string, target: SeekTarget): Promise<void> {
    this.assertOpen();
    if (this.coordinator.hasMembers(group)) {
      throw new SwitchyardError('bus.group-active', `group ${group} has running members; stop them before seeking`, {
        retriable: false,
      });
    }
    const log = await this.topics.resolve(topic);
    const offsets = seekOffsets(this.store, log, target);
    await this.store.write((writer) => {
      for (const { partition, offset } of offsets) writer.putCommittedOffset(group, topic, partition, offset);
    });
  }

  async endOffsets(topic: string): Promise<PartitionOffset[]> {
    this.assertOpen();
    const log = await this.topics.resolve(topic);
    return log.partitions.map(({ partition, nextOffset }) => ({ partition, offset: nextOffset }));
  }

  async lag(group: string, topic: string): Promise<PartitionLag[]> {
    this.assertOpen();
    const log = await this.topics.resolve(topic);
    return log.partitions.map(({ partition, nextOffset: end, logStart }) => {
      const committed = this.store.committedOffset(group, topic, partition) ?? -1;
      const lag = committed < 0 ? end - logStart : Math.max(0, end - Math.max(committed, logStart));
      return { partition, committed, end, lag };
    });
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    await this.topics.ensure(topics);
  }

  async readLatestByKey(topic: string): Promise<BusRecord[]> {
    const log = await this.compactedTopic(topic);
    return this.store
      .latestPositions(log.spec.name)
      .flatMap(({ position }) => this.store.readRecord(topic, position.partition, position.offset) ?? []);
  }

  async getLatest(topic: string, key: string): Promise<BusRecord | undefined> {
    const log = await this.compactedTopic(topic);
    const position = this.store.latestPosition(log.spec.name, key);
    return position === undefined ? undefined : this.store.readRecord(topic, position.partition, position.offset);
  }

  async runCleaner(): Promise<number> {
    this.assertOpen();
    // The cleaner rewrites lmdb's batches only: what is still journaled would come back with the checkpoint.
    await this.sink.checkpoint();
    const now = this.options.clock.now();
    const expired = await enforceRetention(this.store, this.topics.all(), now);
    const superseded = await compactTopics(this.store, this.topics.all(), now, this.options.tombstoneRetentionMs ?? oneDay);
    return expired + superseded;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.cleanerTimer);
      await this.cleanerRun;
      await this.coordinator.leaveAll();
      await this.appender.idle();
      await this.sink.close();
      await this.store.close();
    })();
    return this.closing;
  }

  private runScheduledCleaner(): void {
    this.cleanerRun = this.cleanerRun
      .then(() => (this.closing === undefined ? this.runCleaner() : 0))
      .catch((error: unknown) => this.options.logger?.error({ error: describeError(error) }, 'log cleaner failed'));
  }

  private async compactedTopic(topic: string): Promise<TopicLog> {
    this.assertOpen();
    const log = await this.topics.resolve(topic);
    if (log.spec.cleanupPolicy !== 'compact') {
      throw new SwitchyardError('bus.not-compacted', `${topic} is not a compacted topic`, { retriable: false });
    }
    return log;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) {
      throw new SwitchyardError('bus.closed', 'the embedded event bus is closed', { retriable: false });
    }
  }
}
