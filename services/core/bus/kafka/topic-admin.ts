import type { Admin, ITopicConfig } from 'kafkajs';
import { SwitchyardError } from '../../errors.ts';
import type { TopicSpec } from '../event-bus.ts';
import { brokerLacksApi, busError } from './kafka-errors.ts';
import type { BusLogger } from './logger-bridge.ts';

/**
 * Creates the catalogue's topics with their cleanup policy and retention. A cluster without the
 * CreateTopics API (librdkafka's mock) gets its topics created out of band; then this only checks
 * that they exist, so a missing one fails at start rather than at the first append.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[], logger: BusLogger): Promise<void> {
  if (specs.length === 0) return;
  try {
    await admin.createTopics({ topics: specs.map(toTopicConfig), waitForLeaders: true });
  } catch (error) {
    if (!brokerLacksApi(error, 'CreateTopics')) throw busError('bus.create_topics_failed', 'cannot create topics', error);
    logger.info({ topics: specs.length }, 'the Kafka cluster cannot create topics; checking they exist');
    await checkTopicsExist(admin, specs, logger);
  }
}

function toTopicConfig(spec: TopicSpec): ITopicConfig {
  return {
    topic: spec.name,
    numPartitions: spec.partitions,
    configEntries: [
      { name: 'cleanup.policy', value: spec.cleanupPolicy },
      { name: 'retention.ms', value: String(spec.retentionMs) },
    ],
  };
}

async function checkTopicsExist(admin: Admin, specs: readonly TopicSpec[], logger: BusLogger): Promise<void> {
  // Listing first: the mock cluster auto-creates any topic a Metadata request names.
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name)).map((spec) => spec.name);
  if (missing.length > 0) {
    throw new SwitchyardError('bus.topic_missing', `topics missing and the cluster cannot create them: ${missing.join(', ')}`, {
      retriable: false,
    });
  }
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
  for (const spec of specs) {
    const partitions = metadata.topics.find((topic) => topic.name === spec.name)?.partitions.length ?? 0;
    if (partitions !== spec.partitions) {
      logger.warn({ topic: spec.name, expected: spec.partitions, actual: partitions }, 'topic has a different partition count');
    }
  }
}
