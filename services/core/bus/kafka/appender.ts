import type { ICustomPartitioner, Message, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { Clock } from '../../clock.ts';
import { partitionForKey } from '../embedded/partitioner.ts';
import type { AppendReceipt, AppendRequest } from '../event-bus.ts';
import { busError } from './kafka-errors.ts';
import { toKafkaMessage } from './record-mapping.ts';
import type { TopicPartitions } from './topic-partitions.ts';

/** All replicas in sync must have the records before the broker answers: the port's durability promise. */
const acksAll = -1;

/**
 * Calls joining one produce request stop adding up past this many key and value bytes, so that no
 * partition's record batch nears the broker's default 1 MB `message.max.bytes`. A single larger call
 * is still sent whole, as one request of its own.
 */
const maxCoalescedBytes = 512 * 1024;

/**
 * The producer's partitioner: the Appender has already placed every record (see `place`), so kafkajs
 * keeps that choice. kafkajs's own default partitioner would return the same partition, but only after
 * filtering the topic's partition metadata once per record.
 */
export const placedPartitioner: ICustomPartitioner =
  () =>
  ({ topic, message }) => {
    if (message.partition === undefined) throw new Error(`a record for ${topic} reached the producer without a partition`);
    return message.partition;
  };

interface PendingAppend {
  readonly requests: readonly AppendRequest[];
  readonly bytes: number;
  readonly resolve: (receipts: AppendReceipt[]) => void;
  readonly reject: (error: unknown) => void;
}

/** A pending call whose records have partitions and Kafka messages, ready to join a produce request. */
interface PlacedAppend {
  readonly pending: PendingAppend;
  readonly partitions: readonly number[];
  readonly messages: readonly Message[];
}

/**
 * Appends through one idempotent producer, which allows one produce request in flight. Calls that arrive
 * while a request is in flight queue up and go out together in the next sendBatch (group commit), so
 * many small concurrent appends cost one round trip instead of one each. The queue is first in, first
 * out and every call's records stay contiguous, so one key's records keep their order.
 *
 * A record's offset is its partition's base offset in the request plus its position among the request's
 * records for that partition. A request that fails fails every call in it: like a producer timeout, a
 * caller that gets an error must treat its append as unknown (retrying may duplicate).
 */
export class Appender {
  private queue: PendingAppend[] = [];
  private sending: Promise<void> | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly topicPartitions: TopicPartitions,
    private readonly clock: Clock,
  ) {}

  append(requests: readonly AppendRequest[]): Promise<AppendReceipt[]> {
    if (requests.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ requests, bytes: payloadBytes(requests), resolve, reject });
      this.sending ??= this.sendQueued();
    });
  }

  private async sendQueued(): Promise<void> {
    // Let the appends issued in the current event turn join the first request.
    await Promise.resolve();
    while (this.queue.length > 0) await this.send(this.takeCoalesced());
    this.sending = undefined;
  }

  private takeCoalesced(): PendingAppend[] {
    let taken = 1;
    let bytes = this.queue[0]?.bytes ?? 0;
    for (; taken < this.queue.length; taken += 1) {
      bytes += this.queue[taken]?.bytes ?? 0;
      if (bytes > maxCoalescedBytes) break;
    }
    return this.queue.splice(0, taken);
  }

  /** Never rejects: every call's outcome goes to its own caller. */
  private async send(pendings: readonly PendingAppend[]): Promise<void> {
    const appendTime = this.clock.now();
    const placed: PlacedAppend[] = [];
    for (const pending of pendings) {
      try {
        placed.push(await this.place(pending, appendTime));
      } catch (error) {
        this.fail([pending], error);
      }
    }
    if (placed.length === 0) return;
    try {
      const metadata = await this.producer.sendBatch({ acks: acksAll, topicMessages: groupByTopic(placed) });
      const nextOffsets = baseOffsets(metadata);
      for (const { pending, partitions } of placed) pending.resolve(assignOffsets(pending.requests, partitions, nextOffsets));
    } catch (error) {
      this.fail(
        placed.map(({ pending }) => pending),
        error,
      );
    }
  }

  /** Chooses partitions (Kafka's default partitioner on the key) so that each record's offset is known. */
  private async place(pending: PendingAppend, appendTime: number): Promise<PlacedAppend> {
    const counts = new Map<string, number>();
    for (const { topic } of pending.requests) {
      if (!counts.has(topic)) counts.set(topic, await this.topicPartitions.countOf(topic));
    }
    const partitions = pending.requests.map((request) => partitionForKey(request.key, counts.get(request.topic) ?? 1));
    const messages = pending.requests.map((request, index) => toKafkaMessage(request, partitions[index] ?? 0, appendTime));
    return { pending, partitions, messages };
  }

  private fail(pendings: readonly PendingAppend[], error: unknown): void {
    for (const { requests } of pendings) {
      for (const { topic } of requests) this.topicPartitions.forget(topic);
    }
    for (const { requests, reject } of pendings) {
      reject(busError('bus.append_failed', `append of ${requests.length} record(s) failed`, error));
    }
  }
}

function payloadBytes(requests: readonly AppendRequest[]): number {
  let bytes = 0;
  for (const { key, value } of requests) bytes += key.length + (value?.byteLength ?? 0);
  return bytes;
}

function groupByTopic(placed: readonly PlacedAppend[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { pending, messages } of placed) {
    pending.requests.forEach((request, index) => {
      const message = messages[index];
      if (message === undefined) return;
      const topicMessages = byTopic.get(request.topic);
      if (topicMessages === undefined) byTopic.set(request.topic, [message]);
      else topicMessages.push(message);
    });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function slotOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** The next unassigned offset per topic partition of one produce request, starting at its base offsets. */
function baseOffsets(metadata: readonly RecordMetadata[]): Map<string, number> {
  const nextOffsets = new Map<string, number>();
  for (const entry of metadata) {
    if (entry.baseOffset === undefined) throw new Error(`broker returned no base offset for ${entry.topicName}`);
    nextOffsets.set(slotOf(entry.topicName, entry.partition), Number(entry.baseOffset));
  }
  return nextOffsets;
}

/** Hands out one call's offsets, in the order its records were placed in the request. */
function assignOffsets(
  requests: readonly AppendRequest[],
  partitions: readonly number[],
  nextOffsets: Map<string, number>,
): AppendReceipt[] {
  return requests.map((request, index) => {
    const partition = partitions[index] ?? 0;
    const slot = slotOf(request.topic, partition);
    const offset = nextOffsets.get(slot);
    if (offset === undefined) throw new Error(`broker acknowledged nothing for ${request.topic}[${partition}]`);
    nextOffsets.set(slot, offset + 1);
    return { topic: request.topic, partition, offset };
  });
}
