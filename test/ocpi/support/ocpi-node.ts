import { Registry } from 'prom-client';
import { edgeDefaults } from '../../../services/edge/edge-config.ts';
import { openEdge } from '../../../services/edge/main.ts';
import type { OcpiConfig } from '../../../services/ocpi/ocpi-config.ts';
import { openRoaming } from '../../../services/roaming/main.ts';
import { httpRealtimeAuthorizer } from '../../../services/roaming/tokens/http-realtime-authorizer.ts';
import type { RealtimeAuthorizer } from '../../../services/roaming/tokens/realtime-authorization.ts';
import type { UnknownTokenPolicy } from '../../../services/roaming/tokens/token-decision.ts';
import { openTokenView } from '../../../services/roaming/tokens/token-view.ts';
import { startBothProjectors } from '../../projectors/support/projector-bus.ts';
import { ocpiAdminToken, startOcpiHarness, type OcpiHarness, type OcpiWorld } from './ocpi-harness.ts';

export interface OcpiNode {
  readonly harness: OcpiHarness;
  /** Where chargers connect: `${wsUrl}/${chargerId}`. */
  readonly wsUrl: string;
  stop(): Promise<void>;
}

/**
 * One `switchyard run` process as far as OCPI partners can tell: the OCPI service (H1's harness) with the
 * roaming admin (locations, tariffs, tokens), the sessions and CDRs projectors, and the OCPP edge
 * answering Authorize from the token view (real-time authorization through the OCPI service's admin API,
 * as `switchyard run` does), all on one embedded bus and one admin API.
 */
export async function startOcpiNode(
  options: {
    readonly config?: Partial<Omit<OcpiConfig, 'publicUrl'>>;
    readonly unknownTokens?: UnknownTokenPolicy;
    /** Shared with other instances (the test cleans it up); default: a world of its own. */
    readonly world?: OcpiWorld;
  } = {},
): Promise<OcpiNode> {
  let wsUrl = '';
  // The admin API's port is known only once the harness started; the edge is opened before that.
  let adminAuthorizer: RealtimeAuthorizer | null = null;
  const authorizer: RealtimeAuthorizer = {
    authorize: (request) => adminAuthorizer?.authorize(request) ?? Promise.resolve({ outcome: 'unreachable', reason: 'the admin API is not listening yet' }),
  };
  const harness = await startOcpiHarness({
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.world === undefined ? {} : { world: options.world }),
    instanceId: 'ocpi-node',
    coResidents: async ({ bus, serde, clock, logger, admin }) => {
      const roaming = await openRoaming({ bus, serde, clock, logger, admin, instanceId: 'ocpi-node.roaming' });
      await roaming.ready;
      const projectors = await startBothProjectors(bus, serde);
      const tokens = await openTokenView({ bus, serde, instanceId: 'ocpi-node.edge', unknownTokens: options.unknownTokens ?? 'reject', realtime: { authorizer, timeoutMs: 2_000, fallback: 'reject' }, logger });
      await tokens.ready;
      const edge = await openEdge({
        bus,
        serde,
        clock,
        logger,
        metrics: new Registry(),
        admin,
        config: { ...edgeDefaults, acceptUnknownChargers: true, listeners: { plain: { host: '127.0.0.1', port: 0 } }, logBatchDelayMs: 5 },
        instanceId: 'ocpi-node.edge',
        tokens,
      });
      wsUrl = `ws://127.0.0.1:${String(edge.plainPort)}/ocpp`;
      return async () => {
        await edge.close();
        await tokens.close();
        for (const projector of projectors) await projector.stop();
        await roaming.close();
      };
    },
  });
  adminAuthorizer = httpRealtimeAuthorizer({ adminUrl: harness.adminUrl, adminToken: ocpiAdminToken });
  return { harness, wsUrl, stop: () => harness.stop() };
}
