/**
 * The event bus port. Two adapters implement it: Kafka (kafkajs) for distributed mode and an embedded
 * durable log (lmdb) for one-process mode. One contract suite (test/contract/event-bus.contract.ts)
 * runs against both, so services never see which one they talk to.
 *
 * Offsets are JavaScript numbers: exact up to 2^53, far beyond any partition's life.
 */

export type Headers = Readonly<Record<string, string>>;

export interface AppendRequest {
  readonly topic: string;
  /** Partitioning key (the charger id for OCPP traffic): one key's records keep their order. */
  readonly key: string;
  /** null appends a tombstone: on a compacted topic it deletes the key's latest value. */
  readonly value: Uint8Array | null;
  readonly headers?: Headers;
  /** Epoch milliseconds; the adapter stamps the append time when absent. */
  readonly timestamp?: number;
}

export interface AppendReceipt {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface BusRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  /** null is a tombstone on a compacted topic. */
  readonly value: Uint8Array | null;
  readonly headers: Headers;
  readonly timestamp: number;
}

export interface RetryPolicy {
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Attempts for a retriable failure before the record goes to the dead-letter topic. */
  readonly maxAttempts: number;
}

export type StartPosition = 'earliest' | 'latest';

export type RecordHandler = (record: BusRecord) => Promise<void>;

/**
 * Handles the records of one fetch of one partition at once, in offset order (never empty). To fail
 * part-way it throws a BatchFailure saying how many records it finished; any other error fails the
 * first record. The bus then commits the finished ones, retries or dead-letters the failed one as the
 * retry policy says, and hands over the rest (again as one batch). Positions are committed only up to
 * records a handler call finished.
 */
export type BatchHandler = (records: readonly BusRecord[]) => Promise<void>;

interface SubscriptionTarget {
  readonly group: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts. */
  readonly from: StartPosition;
  readonly retry?: RetryPolicy;
}

export interface RecordSubscribeOptions extends SubscriptionTarget {
  readonly handler: RecordHandler;
  readonly batchHandler?: never;
}

/** For consumers whose cost per record is small next to a promise per record (archiving, bulk loads). */
export interface BatchSubscribeOptions extends SubscriptionTarget {
  readonly batchHandler: BatchHandler;
  readonly handler?: never;
}

export type SubscribeOptions = RecordSubscribeOptions | BatchSubscribeOptions;

/** Thrown by a BatchHandler: the first `handledCount` records are done, the next one failed with `cause`. */
export class BatchFailure extends Error {
  constructor(
    readonly handledCount: number,
    override readonly cause: unknown,
  ) {
    super(`batch failed after ${handledCount} records: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'BatchFailure';
  }
}

export interface Subscription {
  /** Resolves once the group has been assigned partitions and is fetching. */
  readonly ready: Promise<void>;
  /** Stops fetching, waits for the handler in flight, commits what succeeded. */
  stop(): Promise<void>;
}

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: number;
}

export type SeekTarget =
  | { readonly kind: 'offsets'; readonly offsets: readonly PartitionOffset[] }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' };

export interface PartitionLag {
  readonly partition: number;
  /** The next offset the group will read (-1 when it has committed nothing). */
  readonly committed: number;
  /** The offset the next appended record will get. */
  readonly end: number;
  readonly lag: number;
}

export interface EventBus {
  /** Resolves only when every record is durable (acks=all / committed to disk). All-or-error per call. */
  append(records: readonly AppendRequest[]): Promise<AppendReceipt[]>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Moves a group's committed offsets; the group must have no running members. */
  seekGroup(group: string, topic: string, target: SeekTarget): Promise<void>;
  endOffsets(topic: string): Promise<PartitionOffset[]>;
  lag(group: string, topic: string): Promise<PartitionLag[]>;
  /** Creates missing topics of the catalogue (idempotent). */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  close(): Promise<void>;
}

export type CleanupPolicy = 'compact' | 'delete';

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** -1 keeps records forever. */
  readonly retentionMs: number;
}

export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Headers put on a dead-lettered record so an operator can see why and where from. */
export const deadLetterHeaders = {
  error: 'x-dlq-error',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
  group: 'x-dlq-group',
  attempts: 'x-dlq-attempts',
} as const;

export const defaultRetryPolicy: RetryPolicy = { initialBackoffMs: 100, maxBackoffMs: 30_000, maxAttempts: 10 };
