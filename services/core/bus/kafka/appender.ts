import type { Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { Clock } from '../../clock.ts';
import { partitionForKey } from '../embedded/partitioner.ts';
import type { AppendReceipt, AppendRequest } from '../event-bus.ts';
import { busError } from './kafka-errors.ts';
import { toKafkaMessage } from './record-mapping.ts';
import type { TopicPartitions } from './topic-partitions.ts';

/** All replicas in sync must have the records before the broker answers: the port's durability promise. */
const acksAll = -1;

/**
 * Appends through one idempotent producer. Each call is one sendBatch, so its records reach each
 * partition as one contiguous batch; a record's offset is its partition's base offset plus its position
 * among the call's records for that partition.
 */
export class Appender {
  constructor(
    private readonly producer: Producer,
    private readonly topicPartitions: TopicPartitions,
    private readonly clock: Clock,
  ) {}

  async append(requests: readonly AppendRequest[]): Promise<AppendReceipt[]> {
    if (requests.length === 0) return [];
    try {
      const partitions = await this.choosePartitions(requests);
      const metadata = await this.producer.sendBatch({
        acks: acksAll,
        topicMessages: this.groupByTopic(requests, partitions),
      });
      return assignOffsets(requests, partitions, metadata);
    } catch (error) {
      for (const topic of new Set(requests.map((request) => request.topic))) this.topicPartitions.forget(topic);
      throw busError('bus.append_failed', `append of ${requests.length} record(s) failed`, error);
    }
  }

  private async choosePartitions(requests: readonly AppendRequest[]): Promise<number[]> {
    const counts = new Map<string, number>();
    for (const topic of new Set(requests.map((request) => request.topic))) {
      counts.set(topic, await this.topicPartitions.countOf(topic));
    }
    return requests.map((request) => partitionForKey(request.key, counts.get(request.topic) ?? 1));
  }

  private groupByTopic(requests: readonly AppendRequest[], partitions: readonly number[]): TopicMessages[] {
    const appendTime = this.clock.now();
    const byTopic = new Map<string, TopicMessages>();
    requests.forEach((request, index) => {
      const entry = byTopic.get(request.topic) ?? { topic: request.topic, messages: [] };
      entry.messages.push(toKafkaMessage(request, partitions[index] ?? 0, appendTime));
      byTopic.set(request.topic, entry);
    });
    return [...byTopic.values()];
  }
}

function assignOffsets(
  requests: readonly AppendRequest[],
  partitions: readonly number[],
  metadata: readonly RecordMetadata[],
): AppendReceipt[] {
  const nextOffset = new Map<string, number>();
  for (const entry of metadata) {
    if (entry.baseOffset === undefined) throw new Error(`broker returned no base offset for ${entry.topicName}`);
    nextOffset.set(`${entry.topicName}\u0000${entry.partition}`, Number(entry.baseOffset));
  }
  return requests.map((request, index) => {
    const partition = partitions[index] ?? 0;
    const slot = `${request.topic}\u0000${partition}`;
    const offset = nextOffset.get(slot);
    if (offset === undefined) throw new Error(`broker acknowledged nothing for ${request.topic}[${partition}]`);
    nextOffset.set(slot, offset + 1);
    return { topic: request.topic, partition, offset };
  });
}
