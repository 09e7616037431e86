/**
 * An edge in its own process, on the embedded log in the directory given as argv[2], for the kill test.
 * Prints one JSON line {"port": n} once chargers can connect; stops cleanly on SIGTERM.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openEmbeddedEventBus } from '../../../services/core/bus/embedded/embedded-event-bus.ts';
import { topicCatalogue, topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { AdminApi } from '../../../services/core/http/admin-api.ts';
import { createAvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import { edgeDefaults } from '../../../services/edge/edge-config.ts';
import { openEdge } from '../../../services/edge/main.ts';
import { acceptEveryToken } from '../../../services/edge/server/token-authority.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: edge-process.ts <data dir>');

const logger = pino({ level: process.env['EDGE_TEST_LOG'] ?? 'silent' });
const bus = openEmbeddedEventBus({ path: join(dataDir, 'log'), catalogue: topicCatalogue, clock: systemClock, durability: 'sync' });
await bus.ensureTopics(topicCatalogue);
const serde = createAvroSerde({
  registry: await openFileSchemaRegistry({ path: join(dataDir, 'schema-registry.json') }),
  catalogue: await loadSchemaCatalogue(repositorySchemasDirectory),
});
await serde.registerTopics([topics.ocppFrames, topics.ocppEvents, topics.ocppCommands, topics.chargers]);
const edge = await openEdge({
  bus,
  serde,
  clock: systemClock,
  logger,
  metrics: new Registry(),
  admin: new AdminApi({ token: 'kill-test-admin-token', logger, version: 'test' }),
  config: { ...edgeDefaults, listeners: { plain: { host: '127.0.0.1', port: 0 } }, acceptUnknownChargers: true },
  instanceId: 'edge-kill-test',
  tokens: acceptEveryToken,
});
process.stdout.write(`${JSON.stringify({ port: edge.plainPort })}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await edge.close();
    await bus.close();
    process.exit(0);
  })();
});
