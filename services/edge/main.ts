import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventBus } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { resolveAdminToken } from '../core/config/admin-token.ts';
import type { AdminRouteRegistrar } from '../core/http/admin-api.ts';
import type { ServiceContext } from '../core/platform/service-context.ts';
import { createEnvelopeBuilder } from '../core/events/envelope.ts';
import { createEventIdGenerator } from '../core/events/event-id.ts';
import { createAvroSerde } from '../core/serde/avro-serde.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../core/serde/schema-files.ts';
import type { Serde } from '../core/serde/serde.ts';
import { registerMigrationAdminRoutes } from '../gateway/api/migration-admin-routes.ts';
import { registerRouteAdminRoutes } from '../gateway/api/route-admin-routes.ts';
import { createGatewayCallHandler } from '../gateway/broker/gateway-call-handler.ts';
import { decisionRecorder } from '../gateway/broker/gateway-decision.ts';
import { busHeldCallStore } from '../gateway/broker/held-call-store.ts';
import { HeldForPrimary } from '../gateway/broker/held-for-primary.ts';
import { compactedState } from '../gateway/persistence/compacted-state.ts';
import { busChargerCallLog } from '../gateway/catch-up/charger-call-log.ts';
import { ObserverMirrors } from '../gateway/catch-up/observer-mirrors.ts';
import { busObserverPositionStore } from '../gateway/catch-up/observer-position-store.ts';
import { domainEventEncoder } from './server/domain-event-records.ts';
import { registerGatewayMetrics } from '../gateway/broker/gateway-metrics.ts';
import { MigrationTally } from '../gateway/broker/migration-tally.ts';
import { wsUpstreamLinks } from '../gateway/upstream/ws-upstream-link.ts';
import { openRouteBook } from '../gateway/routing/route-book.ts';
import { cachedRealtimeAuthorizer } from '../roaming/tokens/cached-realtime-authorizer.ts';
import { httpRealtimeAuthorizer } from '../roaming/tokens/http-realtime-authorizer.ts';
import { loadRealtimeAuthorizationConfig } from '../roaming/tokens/realtime-config.ts';
import { openTokenView } from '../roaming/tokens/token-view.ts';
import { loadUnknownTokenPolicy } from '../roaming/tokens/unknown-token-policy.ts';
import { loadEdgeConfig, type EdgeConfig } from './edge-config.ts';
import { createCommandDispatcher } from './commands/command-dispatcher.ts';
import { startCommandExecutor } from './commands/command-executor.ts';
import { startCommandOutcomeWaiter } from './commands/command-outcome-waiter.ts';
import { registerCommandRoutes } from './commands/command-routes.ts';
import { openChargerRegistry } from './registry/charger-registry.ts';
import { registerRegistryRoutes } from './registry/registry-routes.ts';
import { ConnectionDirectory } from './server/connection-directory.ts';
import { createCsmsCallHandler } from './server/csms-call-handler.ts';
import { createDurableLogWriter } from './server/durable-log-writer.ts';
import { createEdgeLog } from './server/edge-log.ts';
import { registerEdgeMetrics } from './server/edge-metrics.ts';
import { startEdgeServer } from './server/edge-server.ts';
import { serdeRecordEncoder } from './server/serde-record-encoder.ts';
import type { TokenAuthority } from './server/token-authority.ts';
import { createTransactionIdAllocator } from './server/transaction-id-allocator.ts';

/** The outcome waiter reads the events topic this long after its last command: bursts join its group once. */
const commandOutcomeLingerMs = 60_000;
/** An eMSP's real-time answer about a token at a charger serves its Authorize, StartTransaction and StopTransaction. */
const realtimeAnswerTtlMs = 5 * 60_000;
/** Upstream CSMS links reconnect from a fifth of a second up to half a minute between attempts. */
const upstreamReconnectBackoff = { initialMs: 200, maxMs: 30_000 };
/** A catch-up looks for calls still on their way to the log (batched a few ms after their answer) this long. */
const catchUpLogPolling = { intervalMs: 25, attempts: 200 };
/** Heartbeats and status notifications answered for an unreachable primary, per charger, before the default applies. */
const maxCallsHeldForPrimary = 1_000;

export interface EdgeDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly admin: AdminRouteRegistrar;
  readonly config: EdgeConfig;
  readonly instanceId: string;
  readonly tokens: TokenAuthority;
}

export interface RunningEdge {
  readonly plainPort: number | null;
  readonly tlsPort: number | null;
  /** Closes sockets (close code 1001), flushes queued records, stops subscriptions. */
  close(): Promise<void>;
}

/**
 * The OCPP edge from already-built adapters: the charger registry (rebuilt from its topic before the
 * first charger is let in), the WebSocket endpoint, the built-in CSMS, and the admin routes.
 */
export async function openEdge(deps: EdgeDeps): Promise<RunningEdge> {
  const { bus, serde, clock, config, instanceId, logger } = deps;
  // ULIDs carry time: it comes from the clock port like every other time of the edge.
  const generateId = createEventIdGenerator(clock);
  const newId = (): string => generateId();

  const registry = await openChargerRegistry({ bus, serde, clock, newId, instanceId });
  await registry.ready;
  const routes = await openRouteBook({ bus, serde, envelopeOf: createEnvelopeBuilder({ clock, source: { service: 'edge', instanceId } }), instanceId });
  await routes.ready;

  const directory = new ConnectionDirectory();
  const metrics = registerEdgeMetrics(deps.metrics, () => directory.connections().length);
  const writer = createDurableLogWriter({
    bus,
    batchDelayMs: config.logBatchDelayMs,
    maxBatchSize: config.logMaxBatchSize,
    maxQueued: config.logMaxQueued,
    onAppendFailure: (error, dropped) => {
      metrics.appendFailures.inc();
      metrics.droppedRecords.inc(dropped);
      logger.error({ err: error, dropped }, 'appending edge records failed');
    },
  });
  const log = createEdgeLog({
    writer,
    encoder: serdeRecordEncoder({ serde, instanceId, newId }),
    onEncodeFailure: (error) => logger.error({ err: error }, 'encoding an edge record failed'),
  });
  const builtinCsms = createCsmsCallHandler({
    lookup: (chargerId) => registry.get(chargerId),
    tokens: deps.tokens,
    transactionIds: createTransactionIdAllocator({ bus, instanceId, blockSize: config.transactionIdBlockSize }),
    serde,
    clock,
    logger,
    newId,
    instanceId,
    timings: { heartbeatIntervalSeconds: config.heartbeatIntervalSeconds, bootRetryIntervalSeconds: config.bootRetryIntervalSeconds },
    dataTransferHandlers: new Map(),
  });
  const gatewayMetrics = registerGatewayMetrics(deps.metrics);
  const gatewayState = {
    bus,
    serde,
    writer,
    envelopeOf: createEnvelopeBuilder({ clock, source: { service: 'edge', instanceId } }),
    instanceId,
  };
  const observerPositions = busObserverPositionStore(
    compactedState({
      ...gatewayState,
      topic: 'switchyard.gateway.observer-positions',
      onFailure: (error) => logger.error({ err: error }, 'reading or saving an observer position failed'),
    }),
  );
  const heldCalls = busHeldCallStore(
    compactedState({
      ...gatewayState,
      topic: 'switchyard.gateway.held-calls',
      onFailure: (error) => logger.error({ err: error }, 'reading or saving a call held for a primary failed'),
    }),
    (key) => logger.error({ key }, 'a stored held call is unreadable; it is not forwarded'),
  );
  const isConnectedHere = (chargerId: string): boolean => directory.connectionOf(chargerId) !== undefined;
  const heldForPrimary = new HeldForPrimary(maxCallsHeldForPrimary, heldCalls, isConnectedHere, gatewayMetrics.callsHeldForPrimary);
  const followedHeldCalls = await heldCalls.follow((change) => heldForPrimary.adopt(change));
  const observerMirrors = new ObserverMirrors({
    callLog: busChargerCallLog({ bus, serde, groupPrefix: `switchyard.gateway.catch-up.${instanceId}` }),
    observerLag: gatewayMetrics.observerLag,
    positions: observerPositions,
    isConnectedHere,
    logPolling: catchUpLogPolling,
  });
  const followedPositions = await observerPositions.follow((position) => observerMirrors.adopt(position));
  observerMirrors.forgetUnrouted((chargerId, observer) =>
    routes.resolve({ chargerId, labels: registry.get(chargerId)?.labels ?? {} }).observers.some((routed) => routed.name === observer),
  );
  const tally = new MigrationTally();
  const handler = createGatewayCallHandler({
    builtin: builtinCsms,
    resolve: (charger) => routes.resolve(charger),
    labelsOf: (chargerId) => registry.get(chargerId)?.labels,
    openLink: wsUpstreamLinks({ newMessageId: newId, backoff: upstreamReconnectBackoff }),
    connectionOf: (chargerId) => directory.connectionOf(chargerId),
    record: decisionRecorder({
      serde,
      log,
      clock,
      instanceId,
      newId,
      onEncodeFailure: (error) => logger.error({ err: error }, 'encoding a gateway decision failed'),
      counted: (decision) => gatewayMetrics.decisions.inc({ decision }),
    }),
    metrics: gatewayMetrics,
    tally,
    encodeEvents: domainEventEncoder({ serde, instanceId, newId }),
    mirrors: observerMirrors,
    heldForPrimary,
    recordFrame: (frame) => log.recordFrame(frame),
    clock,
  });
  const server = await startEdgeServer(
    {
      policy: { lookup: (chargerId) => registry.get(chargerId), acceptUnknownChargers: config.acceptUnknownChargers },
      log,
      handler,
      directory,
      clock,
      logger,
      connection: { maxFrameBytes: config.maxFrameBytes, pingIntervalMs: config.pingIntervalMs },
      newId,
    },
    config.listeners,
  );

  registerRegistryRoutes(deps.admin, {
    registry,
    presenceOf: (chargerId) => directory.presenceOf(chargerId),
    disconnect: (chargerId, reason) => directory.connectionOf(chargerId)?.close(4001, reason, 'server'),
  });

  registerRouteAdminRoutes(deps.admin, { routes, clock, labelsOf: (chargerId) => registry.get(chargerId)?.labels });
  registerMigrationAdminRoutes(deps.admin, { routes, clock, tally });

  const executor = await startCommandExecutor({
    bus,
    serde,
    log,
    clock,
    logger,
    instanceId,
    newId,
    connectionOf: (chargerId) => directory.connectionOf(chargerId),
  });
  const waiter = startCommandOutcomeWaiter({ bus, serde, instanceId, now: () => clock.now(), lingerMs: commandOutcomeLingerMs });
  registerCommandRoutes(deps.admin, {
    dispatcher: createCommandDispatcher({ bus, serde, clock, waiter, instanceId, newId, deliveryWindowMs: config.commandDeliveryWindowMs }),
    defaultTimeoutMs: config.commandTimeoutMs,
  });

  logger.info({ plainPort: server.plainPort, tlsPort: server.tlsPort, instanceId }, 'edge listening');
  return {
    plainPort: server.plainPort,
    tlsPort: server.tlsPort,
    async close() {
      await server.close();
      await executor.stop();
      await waiter.stop();
      await followedHeldCalls.close();
      await followedPositions.close();
      await writer.close();
      await registry.close();
      await routes.close();
    },
  };
}

/** The composition root the CLI runs: builds the Serde and the edge's settings, then opens the edge. */
export async function startEdge(context: ServiceContext): Promise<void> {
  const readiness = context.readiness.register('edge');
  const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
  const serde = createAvroSerde({ registry: context.platform.schemaRegistry, catalogue });
  await serde.registerTopics(['switchyard.ocpp.frames', 'switchyard.ocpp.events', 'switchyard.ocpp.commands', 'switchyard.chargers', 'switchyard.routes', 'switchyard.tokens', 'switchyard.gateway.observer-positions', 'switchyard.gateway.held-calls']);
  // Stopped after the edge (stop hooks run in reverse): Authorize keeps its answers until the last socket closes.
  const realtime = loadRealtimeAuthorizationConfig(process.env, context.config.listen);
  // Real-time authorization goes through the OCPI service's admin API, by HTTP in one process as in several.
  const adminToken = await resolveAdminToken(context.config.adminToken, context.config.dataDir);
  const tokens = await openTokenView({
    bus: context.platform.bus,
    serde,
    instanceId: context.config.instanceId,
    unknownTokens: loadUnknownTokenPolicy(process.env),
    realtime: {
      authorizer: cachedRealtimeAuthorizer(httpRealtimeAuthorizer({ adminUrl: realtime.adminUrl, adminToken: adminToken.value }), {
        ttlMs: realtimeAnswerTtlMs,
        now: () => context.clock.now(),
      }),
      timeoutMs: realtime.timeoutMs,
      fallback: realtime.fallback,
    },
    logger: context.logger,
  });
  context.lifecycle.onStop('edge.tokens', () => tokens.close());
  await tokens.ready;
  const edge = await openEdge({
    bus: context.platform.bus,
    serde,
    clock: context.clock,
    logger: context.logger,
    metrics: context.metrics,
    admin: context.admin,
    config: loadEdgeConfig(process.env, context.config.listen),
    instanceId: context.config.instanceId,
    tokens,
  });
  context.lifecycle.onStop('edge', () => edge.close());
  readiness.ready(`ws port ${String(edge.plainPort)}${edge.tlsPort === null ? '' : `, wss port ${edge.tlsPort}`}`);
}
