import type { Admin } from 'kafkajs';
import { SwitchyardError } from '../../errors.ts';
import { translatingErrors } from './kafka-errors.ts';

/**
 * Partition counts of the topics the bus appends to. The adapter picks partitions itself (Kafka's
 * default partitioner on the key) so that it knows each record's partition and can return its offset.
 * Counts are cached and re-read after a failed append. Adding partitions to a topic moves keys to other
 * partitions (for every Kafka client), so catalogue topics keep their counts.
 */
export class TopicPartitions {
  private readonly counts = new Map<string, number>();

  constructor(private readonly admin: Admin) {}

  async countOf(topic: string): Promise<number> {
    const cached = this.counts.get(topic);
    if (cached !== undefined) return cached;
    const count = await this.fetchCount(topic);
    this.counts.set(topic, count);
    return count;
  }

  forget(topic: string): void {
    this.counts.delete(topic);
  }

  private async fetchCount(topic: string): Promise<number> {
    const metadata = await translatingErrors('bus.metadata_failed', `cannot read metadata of topic ${topic}`, () =>
      this.admin.fetchTopicMetadata({ topics: [topic] }),
    );
    const partitions = metadata.topics.find((candidate) => candidate.name === topic)?.partitions.length ?? 0;
    if (partitions === 0) {
      throw new SwitchyardError('bus.topic_missing', `topic ${topic} does not exist`, { retriable: true });
    }
    return partitions;
  }
}
