import { topics } from '../core/bus/topic-catalogue.ts';
import type { ServiceContext } from '../core/platform/service-context.ts';
import { openServiceSerde } from '../core/platform/service-serde.ts';
import { loadOcpiConfig } from './ocpi-config.ts';
import { openOcpi } from './open-ocpi.ts';
import { loadPushRetry } from './push/push-config.ts';

/** The composition root `switchyard run` and `switchyard ocpi` start: OCPI for roaming partners on SWITCHYARD_OCPI_PORT. */
export async function startOcpi(context: ServiceContext): Promise<void> {
  const readiness = context.readiness.register('ocpi');
  const listen = { host: context.config.listen.host, port: context.config.listen.ocpiPort };
  const config = loadOcpiConfig(process.env, { host: listen.host, ocpiPort: listen.port });
  const pushRetry = loadPushRetry(process.env);
  const serde = await openServiceSerde(context.platform, [topics.ocpiPartners, topics.ocpiTraffic, topics.ocppEvents, topics.ocppCommands, topics.locations, topics.tariffs, topics.tokens, topics.sessions, topics.cdrs, topics.ocpiCdrDeliveries, topics.ocpiReservations, topics.ocpiCommandGrants, topics.ocpiEvseStatusDeliveries]);
  const ocpi = await openOcpi({
    bus: context.platform.bus,
    serde,
    clock: context.clock,
    logger: context.logger,
    admin: context.admin,
    config,
    listen,
    instanceId: context.config.instanceId,
    metrics: context.metrics,
    pushRetry,
  });
  context.lifecycle.onStop('ocpi', () => ocpi.close());
  readiness.ready(`OCPI port ${listen.port}`);
}
