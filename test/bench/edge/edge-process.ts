/**
 * One edge in its own process for the edge benchmarks. argv[2] is a JSON `EdgeProcessOptions`. Prints one
 * JSON line {"port": n} once chargers can connect; answers {"kind":"memory"} IPC requests with its
 * memory use; stops cleanly on SIGTERM (so `--cpu-prof` writes its profile).
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import { openEmbeddedEventBus } from '../../../services/core/bus/embedded/embedded-event-bus.ts';
import { createKafkaEventBus } from '../../../services/core/bus/kafka/create-kafka-event-bus.ts';
import { topicCatalogue, topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { AdminApi } from '../../../services/core/http/admin-api.ts';
import { createAvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import { edgeDefaults } from '../../../services/edge/edge-config.ts';
import { openEdge } from '../../../services/edge/main.ts';
import { acceptEveryToken } from '../../../services/edge/server/token-authority.ts';
import { seedDefaultRoute } from '../gateway/seed-default-route.ts';
import { seedBasicChargers } from './seed-basic-chargers.ts';
import type { EdgeProcessOptions, EdgeProcessReply, EdgeProcessRequest } from './edge-process-protocol.ts';

const raw = process.argv[2];
if (raw === undefined) throw new Error('usage: edge-process.ts <options json>');
const options = JSON.parse(raw) as EdgeProcessOptions;

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const logger = pino({ level: 'silent' });

async function openBus(): Promise<EventBus> {
  switch (options.bus.kind) {
    case 'embedded': {
      const bus = openEmbeddedEventBus({
        path: join(options.dataDir, 'log'),
        catalogue: topicCatalogue,
        clock: systemClock,
        durability: options.bus.durability,
      });
      await bus.ensureTopics(topicCatalogue);
      return bus;
    }
    case 'kafka':
      return createKafkaEventBus({ brokers: options.bus.brokers, clientId: `bench-edge-${options.instanceId}`, logger: silent, clock: systemClock });
    default: {
      const unreachable: never = options.bus;
      throw new Error(`unknown bus ${JSON.stringify(unreachable)}`);
    }
  }
}

const bus = await openBus();
const serde = createAvroSerde({
  registry: await openFileSchemaRegistry({ path: join(options.dataDir, 'schema-registry.json') }),
  catalogue: await loadSchemaCatalogue(repositorySchemasDirectory),
});
await serde.registerTopics([topics.ocppFrames, topics.ocppEvents, topics.ocppCommands, topics.chargers]);
if (options.basicChargers !== undefined) await seedBasicChargers({ bus, serde }, options.basicChargers.chargerIds, options.basicChargers.password);
if (options.defaultRoute !== undefined) await seedDefaultRoute({ bus, serde, clock: systemClock, instanceId: options.instanceId }, options.defaultRoute);
const edge = await openEdge({
  bus,
  serde,
  clock: systemClock,
  logger,
  metrics: new Registry(),
  admin: new AdminApi({ token: 'bench-admin-token', logger, version: 'bench' }),
  config: {
    ...edgeDefaults,
    listeners: { plain: { host: '127.0.0.1', port: options.port } },
    acceptUnknownChargers: true,
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
  },
  instanceId: options.instanceId,
  tokens: acceptEveryToken,
});

process.on('message', (request: EdgeProcessRequest) => {
  switch (request.kind) {
    case 'memory': {
      globalThis.gc?.();
      const usage = process.memoryUsage();
      const reply: EdgeProcessReply = { kind: 'memory', rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
      process.send?.(reply);
      return;
    }
    default: {
      const unreachable: never = request.kind;
      throw new Error(`unknown request ${String(unreachable)}`);
    }
  }
});
process.stdout.write(`${JSON.stringify({ port: edge.plainPort })}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await edge.close();
    await bus.close();
    process.exit(0);
  })();
});
