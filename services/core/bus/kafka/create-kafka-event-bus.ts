import { Kafka, logLevel } from 'kafkajs';
import type { Clock } from '../../clock.ts';
import type { EventBus, Subscription } from '../event-bus.ts';
import { Appender, placedPartitioner } from './appender.ts';
import { defaultConsumerTuning, type ConsumerTuning } from './consumer-tuning.ts';
import { GroupOffsets } from './group-offsets.ts';
import { translatingErrors } from './kafka-errors.ts';
import { kafkajsLogCreator, type BusLogger } from './logger-bridge.ts';
import { controllerRepairingSocketFactory } from './socket-factory.ts';
import { startSubscription } from './subscription.ts';
import { brokerTimestampLookup } from './timestamp-lookup.ts';
import { scanningTimestampLookup } from './timestamp-scan.ts';
import { ensureTopics } from './topic-admin.ts';
import { TopicPartitions } from './topic-partitions.ts';

export interface KafkaEventBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: BusLogger;
  readonly clock: Clock;
  readonly consumerTuning?: Partial<ConsumerTuning>;
  /**
   * Attempts kafkajs makes for one append before it fails with a retriable error. kafkajs would retry an
   * idempotent producer forever; a bounded append lets the caller see the outage (and it warns once).
   */
  readonly appendRetries?: number;
  /**
   * 'scan' finds offsets by timestamp by reading the topic when the cluster cannot look them up
   * (librdkafka's mock cluster). Linear in the topic's size: for test clusters. Default: a clear error.
   */
  readonly timestampLookupFallback?: 'none' | 'scan';
}

const defaultAppendRetries = 10;

/** The EventBus on a Kafka cluster. Connects before resolving, so a wrong address fails here. */
export async function createKafkaEventBus(options: KafkaEventBusOptions): Promise<EventBus> {
  const tuning: ConsumerTuning = { ...defaultConsumerTuning, ...options.consumerTuning };
  const kafka = new Kafka({
    brokers: [...options.brokers],
    clientId: options.clientId,
    socketFactory: controllerRepairingSocketFactory,
    logLevel: logLevel.INFO,
    logCreator: kafkajsLogCreator(options.logger),
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: placedPartitioner,
    retry: { retries: options.appendRetries ?? defaultAppendRetries },
  });
  try {
    await translatingErrors('bus.connect_failed', `cannot connect to Kafka at ${options.brokers.join(',')}`, async () => {
      await admin.connect();
      await producer.connect();
    });
  } catch (error) {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    throw error;
  }

  const topicPartitions = new TopicPartitions(admin);
  const appender = new Appender(producer, topicPartitions, options.clock);
  const timestampLookup = brokerTimestampLookup(
    admin,
    options.timestampLookupFallback === 'scan' ? scanningTimestampLookup(kafka, tuning) : undefined,
  );
  const groupOffsets = new GroupOffsets(kafka, admin, tuning, timestampLookup);
  const subscriptions = new Set<Subscription>();
  const append = appender.append.bind(appender);

  return {
    append,
    subscribe: async (subscribeOptions) => {
      const subscription = await startSubscription(
        { kafka, tuning, clock: options.clock, logger: options.logger, append },
        subscribeOptions,
      );
      const tracked: Subscription = {
        ready: subscription.ready,
        stop: async () => {
          subscriptions.delete(tracked);
          await subscription.stop();
        },
      };
      subscriptions.add(tracked);
      return tracked;
    },
    seekGroup: (group, topic, target) => groupOffsets.seek(group, topic, target),
    endOffsets: async (topic) =>
      (await groupOffsets.bounds(topic)).map(({ partition, high }) => ({ partition, offset: high })),
    lag: (group, topic) => groupOffsets.lag(group, topic),
    ensureTopics: (specs) => ensureTopics(admin, specs, options.logger),
    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}
