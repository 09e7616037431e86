import { mkdtemp, rm } from 'node:fs/promises';
import { adminClient, type AdminCall } from '../../support/admin-client.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { AdminApi, adminApiBasePath } from '../../../services/core/http/admin-api.ts';
import { startHttpServer } from '../../../services/core/http/http-server.ts';
import { createAvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import { edgeDefaults } from '../../../services/edge/edge-config.ts';
import { openEdge } from '../../../services/edge/main.ts';
import { openRoaming, type RunningRoaming } from '../../../services/roaming/main.ts';
import type { UnknownTokenPolicy } from '../../../services/roaming/tokens/token-decision.ts';
import { openTokenView, type TokenViewDeps } from '../../../services/roaming/tokens/token-view.ts';
import { openTestBus } from '../../edge/support/test-bus.ts';

export const adminToken = 'roaming-test-admin-token-0123';

export interface RoamingWorld {
  readonly bus: EventBus;
  readonly serde: Serde;
  cleanup(): Promise<void>;
}

/** The embedded log and a Serde over a file schema registry, both in temp dirs. */
export async function openRoamingWorld(): Promise<RoamingWorld> {
  const { bus, cleanup: cleanupBus } = await openTestBus();
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-roaming-serde-'));
  const registry = await openFileSchemaRegistry({ path: join(dir, 'schema-registry.json') });
  const serde = createAvroSerde({ registry, catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
  await serde.registerTopics([topics.ocppFrames, topics.ocppEvents, topics.ocppCommands, topics.chargers, topics.routes, topics.locations, topics.tariffs, topics.tokens]);
  return {
    bus,
    serde,
    async cleanup() {
      await cleanupBus();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RoamingNode {
  readonly roaming: RunningRoaming;
  readonly wsUrl: string;
  admin: AdminCall;
  close(): Promise<void>;
}

/**
 * One process's worth, wired like `switchyard run`: the edge answering Authorize from the token view, the
 * roaming service, and both admin route sets on one admin API over HTTP on 127.0.0.1.
 */
/** Without an OCPI service nobody answers real-time authorization: the token list's fallbacks decide. */
const noOcpiService: TokenViewDeps['realtime'] = {
  authorizer: { authorize: async () => ({ outcome: 'unreachable', reason: 'no OCPI service in this test world' }) },
  timeoutMs: 1_000,
  fallback: 'reject',
};

export async function startRoamingNode(
  world: RoamingWorld,
  options: { instanceId: string; unknownTokens: UnknownTokenPolicy; realtime?: TokenViewDeps['realtime'] },
): Promise<RoamingNode> {
  const logger = pino({ level: process.env['ROAMING_TEST_LOG'] ?? 'silent' });
  const adminApi = new AdminApi({ token: adminToken, logger, version: 'test' });
  const { bus, serde } = world;
  const roaming = await openRoaming({ bus, serde, clock: systemClock, logger, admin: adminApi, instanceId: options.instanceId });
  await roaming.ready;
  const tokens = await openTokenView({ bus, serde, instanceId: options.instanceId, unknownTokens: options.unknownTokens, realtime: options.realtime ?? noOcpiService, logger });
  await tokens.ready;
  const edge = await openEdge({
    bus,
    serde,
    clock: systemClock,
    logger,
    metrics: new Registry(),
    admin: adminApi,
    config: { ...edgeDefaults, acceptUnknownChargers: true, listeners: { plain: { host: '127.0.0.1', port: 0 } }, logBatchDelayMs: 5 },
    instanceId: options.instanceId,
    tokens,
  });
  adminApi.assertInStep();
  const app = express();
  app.use(adminApiBasePath, adminApi.router);
  const http = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  const adminUrl = `http://127.0.0.1:${http.port}${adminApiBasePath}`;
  return {
    roaming,
    wsUrl: `ws://127.0.0.1:${String(edge.plainPort)}/ocpp`,
    admin: adminClient(adminUrl, adminToken),
    async close() {
      await http.close(1_000);
      await edge.close();
      await tokens.close();
      await roaming.close();
    },
  };
}
