import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventBus, RetryPolicy } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { createEnvelopeBuilder } from '../core/events/envelope.ts';
import { createEventIdGenerator } from '../core/events/event-id.ts';
import type { AdminRouteRegistrar } from '../core/http/admin-api.ts';
import { startHttpServer } from '../core/http/http-server.ts';
import type { Serde } from '../core/serde/serde.ts';
import { registerOcpiAdminRoutes } from './admin/ocpi-admin-routes.ts';
import type { PartnerClient } from './client/partner-client.ts';
import { createPartnerClient } from './client/http-partner-client.ts';
import { credentialsModule } from './credentials/credentials-module.ts';
import { openReceiverModules } from './modules/receiver-modules.ts';
import { openSenderData, senderModules } from './modules/sender-modules.ts';
import type { OcpiModule } from './modules/ocpi-module.ts';
import { createOcpiApp } from './ocpi-app.ts';
import type { OcpiConfig } from './ocpi-config.ts';
import { openPartnerDirectory } from './partners/open-partner-directory.ts';
import type { PartnerDirectory } from './partners/partner-directory.ts';
import { partnerRegistration } from './registration/partner-registration.ts';
import { busTrafficRecorder, type TrafficRecorder } from './transport/traffic-recorder.ts';
import { cdrDeliveryLogOnBus } from './push/cdr-delivery-log.ts';
import { openOcpiPush } from './push/ocpi-push.ts';
import { openRoamingState } from '../roaming/main.ts';
import { evseStatusDeliveriesOn } from './push/evse-status-deliveries.ts';
import { openOcpiSharedState } from './state/open-ocpi-state.ts';

export interface OcpiDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly admin: AdminRouteRegistrar;
  readonly config: OcpiConfig;
  readonly listen: { readonly host: string; readonly port: number };
  readonly instanceId: string;
  readonly metrics: Registry;
  /** Backoff of pushes a partner could not take (services/ocpi/push/push-config.ts). */
  readonly pushRetry: RetryPolicy;
}

export interface RunningOcpi {
  /** Where the OCPI app listens (config.publicUrl is what partners are told). */
  readonly url: string;
  readonly directory: PartnerDirectory;
  readonly client: PartnerClient;
  readonly traffic: TrafficRecorder;
  close(): Promise<void>;
}

const closeGraceMs = 5_000;
const pushBacklogRefreshMs = 5_000;

/**
 * The OCPI service from already-built adapters: the partner directory (read from its topic before the
 * port opens), the traffic recorder, the outbound client, the modules, and the admin routes.
 */
export async function openOcpi(deps: OcpiDeps): Promise<RunningOcpi> {
  const { bus, serde, clock, logger, config, instanceId } = deps;
  const envelopeOf = createEnvelopeBuilder({ clock, source: { service: 'ocpi', instanceId } });
  const directory = await openPartnerDirectory({
    bus,
    serde,
    envelopeOf,
    instanceId,
    onUndecodable: (key, error) => logger.error({ err: error, key }, 'a partner record does not decode; it is ignored'),
  });
  await directory.ready;
  const traffic = busTrafficRecorder({ bus, serde, envelopeOf, onFailure: (error) => logger.warn({ err: error }, 'an OCPI exchange could not be recorded') });
  const client = createPartnerClient({ clock, traffic, timeoutMs: config.partnerTimeoutMs });
  // Our own read of the roaming state (the roaming service in the same process has its own consumer groups).
  const roaming = await openRoamingState({ bus, serde, clock, logger, instanceId: `${instanceId}.ocpi` });
  const senderData = await openSenderData({ bus, serde, logger, instanceId, locations: roaming.locations });
  const state = await openOcpiSharedState({ bus, serde, envelopeOf, clock, logger, instanceId });
  await Promise.all([roaming.ready, senderData.ready]);
  const generateId = createEventIdGenerator(clock);
  const newPartnerId = (): string => generateId();

  const receivers = await openReceiverModules({
    bus,
    serde,
    clock,
    logger,
    admin: deps.admin,
    config,
    instanceId,
    client,
    directory,
    tokens: roaming.tokenStore,
    locations: roaming.locationStore,
    state,
  });
  const modules: OcpiModule[] = [
    credentialsModule({ config, clock, directory, client }),
    ...senderModules({ clock, config, data: senderData, locations: roaming.locations, tariffs: roaming.tariffStore }),
    ...receivers.modules,
  ];
  const push = await openOcpiPush({
    bus,
    serde,
    client,
    partners: directory,
    locations: roaming.locations,
    ours: config.cpoRoles,
    clock,
    logger: logger.child({ component: 'ocpi-push' }),
    retry: deps.pushRetry,
    metricsRegistry: deps.metrics,
    cdrDeliveries: cdrDeliveryLogOnBus({ bus, serde, envelopeOf }),
    statusDeliveries: evseStatusDeliveriesOn(state.evseStatusDeliveries, { locations: roaming.locations, clock, logger }),
    backlogRefreshMs: pushBacklogRefreshMs,
  });
  const pushHealth = (partnerId: string): unknown => push.healthOf(partnerId);

  registerOcpiAdminRoutes(deps.admin, {
    config,
    clock,
    directory,
    registration: partnerRegistration({ config, clock, directory, client, newPartnerId }),
    newPartnerId,
    pushHealth,
  });

  const app = createOcpiApp({ clock, logger, directory, traffic, modules, config });
  const server = await startHttpServer(app, deps.listen);
  logger.info({ port: server.port, versions: `${config.publicUrl}/ocpi/versions` }, 'OCPI listening');
  return {
    url: `http://${deps.listen.host}:${server.port}`,
    directory,
    client,
    traffic,
    async close() {
      await server.close(closeGraceMs);
      await push.close();
      await receivers.close();
      await traffic.flush();
      await senderData.close();
      await state.close();
      await roaming.close();
      await directory.close();
    },
  };
}
