import path from 'node:path';
import type { Logger } from 'pino';
import type { EventBus } from '../bus/event-bus.ts';
import { openEmbeddedEventBus } from '../bus/embedded/embedded-event-bus.ts';
import { createKafkaEventBus } from '../bus/kafka/create-kafka-event-bus.ts';
import { topicCatalogue } from '../bus/topic-catalogue.ts';
import { defaultClientPortOptions } from '../clickhouse/client-port.ts';
import { readMigrationFiles, switchyardMigrationsDirectory } from '../clickhouse/migration-files.ts';
import { applyMigrations } from '../clickhouse/migrations.ts';
import { openClickHouse, type ClickHouseTarget } from '../clickhouse/open-clickhouse.ts';
import type { Clock } from '../clock.ts';
import type { Config, InfrastructureConfig } from '../config/config.ts';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import type { Readiness } from '../observability/readiness.ts';
import { connectConfluentSchemaRegistry } from '../serde/confluent-schema-registry.ts';
import { openFileSchemaRegistry } from '../serde/file-schema-registry.ts';
import type { SchemaRegistry } from '../serde/schema-registry.ts';
import type { Platform } from './platform.ts';

export interface PlatformDeps {
  readonly logger: Logger;
  readonly readiness: Readiness;
  readonly lifecycle: Lifecycle;
  readonly clock: Clock;
}

/** Where embedded mode keeps each store inside the data dir. */
export const embeddedLayout = {
  log: 'log',
  clickhouse: 'clickhouse',
  schemaRegistry: 'schema-registry.json',
} as const;

const analystQueryTimeoutSeconds = 60;
const clickhouseRequestTimeoutMs = 30_000;
// Kafka's log.retention.check.interval.ms default: the embedded log cleans up as often as a broker would.
const cleanerIntervalMs = 5 * 60 * 1000;

/**
 * Opens the adapters the configured mode calls for, in dependency order, registering each one's close
 * with the lifecycle as soon as it is open: ClickHouse (then its migrations), the schema registry, the
 * event bus (then the topic catalogue). Only these adapters differ between the modes.
 */
export async function openPlatform(config: Config, deps: PlatformDeps): Promise<Platform> {
  const infrastructure = config.infrastructure;
  const logger = deps.logger.child({ component: 'platform' });

  const clickhouseReadiness = deps.readiness.register('clickhouse');
  const { clickhouse, readOnlySql } = await openClickHouse(clickHouseTargetOf(infrastructure, config.dataDir));
  deps.lifecycle.onStop('clickhouse', () => clickhouse.close());
  const migrations = await readMigrationFiles(switchyardMigrationsDirectory);
  const { applied } = await applyMigrations({ clickhouse, migrations, clock: deps.clock, logger });
  clickhouseReadiness.ready(`${migrations.length} migrations, ${applied.length} applied now`);

  const registryReadiness = deps.readiness.register('schema-registry');
  const schemaRegistry = await openSchemaRegistry(infrastructure, config.dataDir, config.instanceId);
  registryReadiness.ready();

  const busReadiness = deps.readiness.register('bus');
  const bus = await openEventBus(config, deps, logger);
  await bus.ensureTopics(topicCatalogue);
  busReadiness.ready(`${topicCatalogue.length} topics`);

  logger.info({ mode: infrastructure.mode }, 'platform open');
  return { bus, schemaRegistry, clickhouse, analystSql: readOnlySql };
}

function clickHouseTargetOf(infrastructure: InfrastructureConfig, dataDir: string): ClickHouseTarget {
  switch (infrastructure.mode) {
    case 'embedded':
      return {
        kind: 'embedded',
        embedded: {
          dataDir: path.join(dataDir, embeddedLayout.clickhouse),
          database: infrastructure.clickhouseDatabase,
          port: defaultClientPortOptions,
          analystQueryTimeoutSeconds,
        },
      };
    case 'distributed':
      return {
        kind: 'server',
        server: { ...infrastructure.clickhouse, requestTimeoutMs: clickhouseRequestTimeoutMs, port: defaultClientPortOptions },
      };
    default: {
      const unreachable: never = infrastructure;
      return unreachable;
    }
  }
}

export async function openSchemaRegistry(infrastructure: InfrastructureConfig, dataDir: string, instanceId: string): Promise<SchemaRegistry> {
  switch (infrastructure.mode) {
    case 'embedded':
      return openFileSchemaRegistry({ path: path.join(dataDir, embeddedLayout.schemaRegistry) });
    case 'distributed':
      return connectConfluentSchemaRegistry({ url: infrastructure.schemaRegistryUrl, clientId: `switchyard-${instanceId}` });
    default: {
      const unreachable: never = infrastructure;
      return unreachable;
    }
  }
}

export async function openEventBus(config: Config, deps: PlatformDeps, logger: Logger): Promise<EventBus> {
  const infrastructure = config.infrastructure;
  switch (infrastructure.mode) {
    case 'embedded': {
      const bus = openEmbeddedEventBus({
        path: path.join(config.dataDir, embeddedLayout.log),
        catalogue: topicCatalogue,
        clock: deps.clock,
        logger: logger.child({ component: 'embedded-log' }),
        cleanerIntervalMs,
      });
      deps.lifecycle.onStop('bus', () => bus.close());
      return bus;
    }
    case 'distributed': {
      const bus = await createKafkaEventBus({
        brokers: infrastructure.kafkaBrokers,
        clientId: `switchyard-${config.instanceId}`,
        logger: logger.child({ component: 'kafka' }),
        clock: deps.clock,
      });
      deps.lifecycle.onStop('bus', () => bus.close());
      return bus;
    }
    default: {
      const unreachable: never = infrastructure;
      return unreachable;
    }
  }
}
