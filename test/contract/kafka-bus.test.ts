/**
 * The EventBus contract against the Kafka adapter, on librdkafka's mock cluster in a child process.
 * The mock cannot create topics through the Kafka API, so the harness creates each case's topics
 * through the mock helper, as an operator (or ensureTopics on a real cluster) would beforehand.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, vi } from 'vitest';
import { systemClock } from '../../services/core/clock.ts';
import { createKafkaEventBus } from '../../services/core/bus/kafka/create-kafka-event-bus.ts';
import { deadLetterTopicOf } from '../../services/core/bus/event-bus.ts';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock.ts';
import { describeEventBusContract } from './event-bus.contract.ts';

// Every seek and subscription joins a group, and the mock cluster delays each join by seconds.
vi.setConfig({ testTimeout: 120_000 });

let mock: KafkaMock | undefined;
let topicsCreated = 0;
const logger = pino({ level: 'error' });

beforeAll(async () => {
  mock = await startKafkaMock();
});

afterAll(async () => {
  await mock?.stop();
});

function runningMock(): KafkaMock {
  if (!mock) throw new Error('the mock cluster has not started');
  return mock;
}

describeEventBusContract('kafka on the librdkafka mock cluster', {
  newBus: () =>
    createKafkaEventBus({
      brokers: runningMock().brokers,
      clientId: 'contract',
      logger,
      clock: systemClock,
      // The mock makes a joining member wait (session timeout - 1 s) after any member left, and the
      // contract joins groups often; a short session keeps that wait at 3 s.
      consumerTuning: { sessionTimeoutMs: 4_000, rebalanceTimeoutMs: 4_000 },
      // The mock answers ListOffsets by time with "not found"; the contract's timestamp seek needs a scan.
      timestampLookupFallback: 'scan',
    }),
  uniqueTopic: async (partitions) => {
    topicsCreated += 1;
    const topic = `contract.kafka.${process.pid}.${topicsCreated}`;
    await runningMock().createTopics([
      { name: topic, partitions },
      { name: deadLetterTopicOf(topic), partitions: 1 },
    ]);
    return topic;
  },
});
