import type { RequestListener } from 'node:http';
import { Router } from 'express';
import { Registry } from 'prom-client';
import type { BusRecord, EventBus, RetryPolicy } from '../../../services/core/bus/event-bus.ts';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../../services/core/events/envelope.ts';
import type { OcppEvent, PartyRef } from '../../../services/core/events/generated-types.ts';
import { startHttpServer, type RunningHttpServer } from '../../../services/core/http/http-server.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import { createPartnerClient } from '../../../services/ocpi/client/http-partner-client.ts';
import type { PartnerClient } from '../../../services/ocpi/client/partner-client.ts';
import type { OcpiModule } from '../../../services/ocpi/modules/ocpi-module.ts';
import { createOcpiApp } from '../../../services/ocpi/ocpi-app.ts';
import { openPartnerDirectory } from '../../../services/ocpi/partners/open-partner-directory.ts';
import type { CredentialsRole, Partner } from '../../../services/ocpi/partners/partner.ts';
import type { PartnerDirectory } from '../../../services/ocpi/partners/partner-directory.ts';
import { cdrDeliveryLogOnBus } from '../../../services/ocpi/push/cdr-delivery-log.ts';
import { evseStatusDeliveriesOn } from '../../../services/ocpi/push/evse-status-deliveries.ts';
import { openOcpiPush, type OcpiPush } from '../../../services/ocpi/push/ocpi-push.ts';
import { openSharedState } from '../../../services/ocpi/state/shared-state.ts';
import { partnerRegistration } from '../../../services/ocpi/registration/partner-registration.ts';
import { busTrafficRecorder } from '../../../services/ocpi/transport/traffic-recorder.ts';
import { openRoamingState, type RoamingState } from '../../../services/roaming/main.ts';
import { readTopicToEnd } from '../../../services/projectors/runtime/topic-snapshot.ts';
import type { MockEmsp } from './mock-emsp.ts';
import { openOcpiWorld, testLogger } from './ocpi-harness.ts';

export const cpoRoles: readonly CredentialsRole[] = [{ role: 'CPO', country_code: 'NL', party_id: 'SWY', business_details: { name: 'Switchyard test CPO' } }];
export const ourParty: PartyRef = { country_code: 'NL', party_id: 'SWY' };

/** Short backoff so a partner's recovery shows within a test; attempts never stop, as in production. */
export const testRetry: RetryPolicy = { initialBackoffMs: 20, maxBackoffMs: 200, maxAttempts: Number.POSITIVE_INFINITY };

export interface PushWorld {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly directory: PartnerDirectory;
  readonly client: PartnerClient;
  readonly roaming: RoamingState;
  readonly push: OcpiPush;
  readonly metrics: Registry;
  /** Where partners find our versions (the OCPI frame with versions and details only). */
  readonly versionsUrl: string;
  /** Registers us with the mock eMSP (POST /api/ocpi/registrations does the same), as partner `partnerId`. */
  registerWith(emsp: MockEmsp, partnerId: string): Promise<Partner>;
  /** Stops the push and starts a new one over the same bus, as a process restart would. */
  restartPush(): Promise<void>;
  appendEvents(events: readonly OcppEvent[]): Promise<void>;
  readAll(topic: string): Promise<BusRecord[]>;
  close(): Promise<void>;
}

/**
 * The push running over the embedded bus in a temp dir, with the partner directory, the traffic-recording
 * partner client and the roaming read side (live EVSE statuses) it gets in the OCPI service.
 */
export async function openPushWorld(options: { readonly retry?: RetryPolicy } = {}): Promise<PushWorld> {
  const logger = testLogger();
  const clock = systemClock;
  const ocpiWorld = await openOcpiWorld();
  const { bus, serde } = ocpiWorld;
  const envelopeOf = createEnvelopeBuilder({ clock, source: { service: 'ocpi', instanceId: 'push-test' } });
  const directory = await openPartnerDirectory({ bus, serde, envelopeOf, instanceId: 'push-test', onUndecodable: (key, error) => logger.error({ key, err: error }, 'undecodable partner') });
  await directory.ready;
  const traffic = busTrafficRecorder({ bus, serde, envelopeOf, onFailure: (error) => logger.error({ err: error }, 'traffic not recorded') });
  const client = createPartnerClient({ clock, traffic, timeoutMs: 2_000 });
  const roaming = await openRoamingState({ bus, serde, clock, logger, instanceId: 'push-test' });
  await roaming.ready;
  const statusDeliveries = await openSharedState({
    bus,
    serde,
    envelopeOf,
    topic: topics.ocpiEvseStatusDeliveries,
    group: 'switchyard.ocpi.evse-status-deliveries.push-test',
    onUndecodable: (key, error) => logger.error({ key, err: error }, 'undecodable EVSE status delivery'),
  });

  let app: RequestListener | undefined;
  const server: RunningHttpServer = await startHttpServer((request, response) => app?.(request, response), { host: '127.0.0.1', port: 0 });
  const publicUrl = `http://127.0.0.1:${server.port}`;
  // The mock reads our versions and details while it handles our credentials POST; nothing else is needed.
  const credentialsEndpoint: OcpiModule = { endpoint: { identifier: 'credentials', role: 'SENDER', versions: ['2.2.1'] }, router: Router() };
  app = createOcpiApp({ clock, logger, directory, traffic, modules: [credentialsEndpoint], config: { publicUrl } });

  let metrics = new Registry();
  const startPush = (): Promise<OcpiPush> =>
    openOcpiPush({
      bus,
      serde,
      client,
      partners: directory,
      locations: roaming.locations,
      ours: cpoRoles,
      clock,
      logger,
      retry: options.retry ?? testRetry,
      metricsRegistry: metrics,
      cdrDeliveries: cdrDeliveryLogOnBus({ bus, serde, envelopeOf }),
      statusDeliveries: evseStatusDeliveriesOn(statusDeliveries, { locations: roaming.locations, clock, logger }),
      backlogRefreshMs: 50,
    });
  let push = await startPush();

  const versionsUrl = `${publicUrl}/ocpi/versions`;
  return {
    bus,
    serde,
    directory,
    client,
    roaming,
    get push() {
      return push;
    },
    get metrics() {
      return metrics;
    },
    versionsUrl,
    async restartPush() {
      await push.close();
      metrics = new Registry();
      push = await startPush();
    },
    registerWith(emsp, partnerId) {
      const registration = partnerRegistration({ config: { publicUrl, cpoRoles }, clock, directory, client, newPartnerId: () => partnerId });
      return registration.register({ versionsUrl: emsp.versionsUrl, token: emsp.tokenA });
    },
    async appendEvents(events) {
      await bus.append(await Promise.all(events.map(async (event) => ({ topic: topics.ocppEvents, key: event.envelope.key, value: await serde.encode(topics.ocppEvents, event) }))));
    },
    async readAll(topic) {
      const records: BusRecord[] = [];
      await readTopicToEnd(bus, topic, `test.reader.${Math.random().toString(36).slice(2)}`, async (record) => {
        records.push(record);
      });
      return records;
    },
    async close() {
      await push.close();
      await server.close(100);
      await traffic.flush();
      await statusDeliveries.close();
      await roaming.close();
      await directory.close();
      await ocpiWorld.cleanup();
    },
  };
}
