/**
 * The one place tests get infrastructure from, in this order of preference:
 *   1. endpoints given in the environment (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, CLICKHOUSE_URL): a CI
 *      service or a developer's own cluster; stop() leaves them running;
 *   2. containers, when a Docker engine answers (apache/kafka, confluentinc/cp-schema-registry,
 *      clickhouse/clickhouse-server);
 *   3. local stand-ins: librdkafka's mock cluster, the in-repo schema registry, chDB in a temp dir.
 * Every handle says which it is (`source`), so a test can skip what a stand-in cannot do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GenericContainer, getContainerRuntimeClient, Network, RandomPortGenerator, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { startKafkaMock, type KafkaMockTopic } from './kafka-mock.ts';
import { startSchemaRegistry } from './schema-registry.ts';

export type InfrastructureSource = 'environment' | 'container' | 'local';

export interface KafkaEndpoint {
  readonly source: InfrastructureSource;
  /** host:port bootstrap addresses. */
  readonly brokers: readonly string[];
  stop(): Promise<void>;
}

export interface SchemaRegistryEndpoint {
  readonly source: InfrastructureSource;
  readonly url: string;
  stop(): Promise<void>;
}

export type ClickHouseEndpoint =
  | {
      readonly source: 'environment' | 'container';
      readonly kind: 'server';
      readonly url: string;
      readonly user: string;
      readonly password: string;
      stop(): Promise<void>;
    }
  | {
      readonly source: 'local';
      readonly kind: 'chdb';
      /** An empty temp dir for openEmbeddedClickHouse; stop() deletes it. */
      readonly dataDir: string;
      stop(): Promise<void>;
    };

export const infrastructureImages = {
  kafka: 'apache/kafka:3.9.1',
  schemaRegistry: 'confluentinc/cp-schema-registry:7.9.0',
  clickhouse: 'clickhouse/clickhouse-server:24.8',
} as const;

const nothingToStop = async () => {};

export async function startKafka(options: { topics?: readonly KafkaMockTopic[] } = {}): Promise<KafkaEndpoint> {
  const fromEnvironment = listFromEnvironment('KAFKA_BROKERS');
  if (fromEnvironment !== undefined) return { source: 'environment', brokers: fromEnvironment, stop: nothingToStop };
  if (await dockerAnswers()) {
    const network = await new Network().start();
    const kafka = await startKafkaContainer(network).catch(async (error: unknown) => {
      await network.stop();
      throw error;
    });
    return {
      source: 'container',
      brokers: kafka.brokers,
      stop: async () => {
        await kafka.container.stop();
        await network.stop();
      },
    };
  }
  // The mock cluster cannot create topics through the Kafka API, so they are created up front.
  const mock = await startKafkaMock({ topics: options.topics ?? [] });
  return { source: 'local', brokers: mock.brokers, stop: () => mock.stop() };
}

/** In containers the registry needs a Kafka of its own to store schemas in; stop() removes both. */
export async function startSchemaRegistryForTests(): Promise<SchemaRegistryEndpoint> {
  const fromEnvironment = process.env['SCHEMA_REGISTRY_URL'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return { source: 'environment', url: fromEnvironment, stop: nothingToStop };
  }
  if (await dockerAnswers()) {
    const network = await new Network().start();
    const started: StartedTestContainer[] = [];
    try {
      const kafka = await startKafkaContainer(network);
      started.push(kafka.container);
      const registry = await new GenericContainer(infrastructureImages.schemaRegistry)
        .withNetwork(network)
        .withEnvironment({
          SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
          SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
          SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: `PLAINTEXT://${kafkaNetworkAlias}:${kafkaInternalPort}`,
        })
        .withExposedPorts(8081)
        .withWaitStrategy(Wait.forHttp('/subjects', 8081).forStatusCode(200))
        .start();
      started.push(registry);
      return {
        source: 'container',
        url: `http://${registry.getHost()}:${registry.getMappedPort(8081)}`,
        stop: () => stopAll(started, network),
      };
    } catch (error) {
      await stopAll(started, network);
      throw error;
    }
  }
  const registry = await startSchemaRegistry();
  return { source: 'local', url: registry.url, stop: () => registry.stop() };
}

export async function startClickHouse(): Promise<ClickHouseEndpoint> {
  const fromEnvironment = process.env['CLICKHOUSE_URL'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return {
      source: 'environment',
      kind: 'server',
      url: fromEnvironment,
      user: process.env['CLICKHOUSE_USER'] ?? 'default',
      password: process.env['CLICKHOUSE_PASSWORD'] ?? '',
      stop: nothingToStop,
    };
  }
  if (await dockerAnswers()) {
    const credentials = { user: 'switchyard', password: 'switchyard' };
    const container = await new GenericContainer(infrastructureImages.clickhouse)
      .withEnvironment({
        CLICKHOUSE_USER: credentials.user,
        CLICKHOUSE_PASSWORD: credentials.password,
        CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT: '1',
      })
      .withExposedPorts(8123)
      .withWaitStrategy(Wait.forHttp('/ping', 8123).forStatusCode(200))
      .start();
    return {
      source: 'container',
      kind: 'server',
      url: `http://${container.getHost()}:${container.getMappedPort(8123)}`,
      ...credentials,
      stop: async () => {
        await container.stop();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchyard-chdb-'));
  return { source: 'local', kind: 'chdb', dataDir, stop: () => rm(dataDir, { recursive: true, force: true }) };
}

let dockerProbe: Promise<boolean> | undefined;

/** Asked once per test process; TESTCONTAINERS=off skips containers even when Docker is there. */
function dockerAnswers(): Promise<boolean> {
  if (process.env['TESTCONTAINERS'] === 'off') return Promise.resolve(false);
  dockerProbe ??= getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  return dockerProbe;
}

const kafkaNetworkAlias = 'kafka';
const kafkaInternalPort = 19092;

/**
 * A single-node KRaft broker. Clients on the host must be told the host port it is reachable on, so the
 * port is chosen before start; containers on the network use the internal listener.
 */
async function startKafkaContainer(network: StartedNetwork): Promise<{ container: StartedTestContainer; brokers: string[] }> {
  const runtime = await getContainerRuntimeClient();
  const host = runtime.info.containerRuntime.host;
  const hostPort = await new RandomPortGenerator().generatePort();
  const container = await new GenericContainer(infrastructureImages.kafka)
    .withNetwork(network)
    .withNetworkAliases(kafkaNetworkAlias)
    .withExposedPorts({ container: 9092, host: hostPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `EXTERNAL://:9092,INTERNAL://:${kafkaInternalPort},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `EXTERNAL://${host}:${hostPort},INTERNAL://${kafkaNetworkAlias}:${kafkaInternalPort}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'EXTERNAL:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return { container, brokers: [`${host}:${hostPort}`] };
}

function listFromEnvironment(name: string): string[] | undefined {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

async function stopAll(containers: readonly StartedTestContainer[], network: StartedNetwork): Promise<void> {
  for (const container of [...containers].reverse()) await container.stop();
  await network.stop();
}
