import type { AdminCall } from '../../support/admin-client.ts';
import { serveAdminApi } from '../../support/admin-server.ts';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { AdminApi } from '../../../services/core/http/admin-api.ts';
import { edgeDefaults } from '../../../services/edge/edge-config.ts';
import { openEdge } from '../../../services/edge/main.ts';
import { openTestWorld, type TestWorld } from '../../edge/support/edge-harness.ts';
import { openRoaming, type RunningRoaming } from '../../../services/roaming/main.ts';
import type { UnknownTokenPolicy } from '../../../services/roaming/tokens/token-decision.ts';
import { openTokenView, type TokenViewDeps } from '../../../services/roaming/tokens/token-view.ts';

export const adminToken = 'roaming-test-admin-token-0123';

export type RoamingWorld = TestWorld;

/** The embedded log and a Serde over a file schema registry, both in temp dirs. */
export const openRoamingWorld = (): Promise<RoamingWorld> =>
  openTestWorld([topics.ocppFrames, topics.ocppEvents, topics.ocppCommands, topics.chargers, topics.routes, topics.locations, topics.tariffs, topics.tokens]);

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
  const adminServer = await serveAdminApi(adminApi, adminToken);
  return {
    roaming,
    wsUrl: `ws://127.0.0.1:${String(edge.plainPort)}/ocpp`,
    admin: adminServer.admin,
    async close() {
      await adminServer.close();
      await edge.close();
      await tokens.close();
      await roaming.close();
    },
  };
}
