import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../../services/core/events/envelope.ts';
import type { TopicValues } from '../../../services/core/events/generated-types.ts';
import { startHttpServer, type RunningHttpServer } from '../../../services/core/http/http-server.ts';
import { createAvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import { openSenderData, senderModules } from '../../../services/ocpi/modules/sender-modules.ts';
import { createOcpiApp } from '../../../services/ocpi/ocpi-app.ts';
import type { OcpiConfig } from '../../../services/ocpi/ocpi-config.ts';
import { hashCredentialsToken, newCredentialsToken } from '../../../services/ocpi/partners/credentials-token.ts';
import { openPartnerDirectory } from '../../../services/ocpi/partners/open-partner-directory.ts';
import type { CredentialsRole, Partner, PartnerStatus } from '../../../services/ocpi/partners/partner.ts';
import { busTrafficRecorder } from '../../../services/ocpi/transport/traffic-recorder.ts';
import { openRoamingState, type RoamingState } from '../../../services/roaming/main.ts';
import { locationKind } from '../../../services/roaming/ocpi/location-kind.ts';
import { tariffKind } from '../../../services/roaming/ocpi/tariff-kind.ts';
import { openTestBus } from '../../edge/support/test-bus.ts';
import { appendRecords } from './sender-records.ts';

export interface SenderWorld {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly roaming: RoamingState;
  /** https://…/ocpi/2.2.1 of the running OCPI frame. */
  readonly moduleBaseUrl: string;
  readonly config: OcpiConfig;
  /** How long the roaming state and the session and CDR indexes took to read what was on the bus. */
  readonly startMs: number;
  /** A partner straight into the directory (the credentials handshake is not what these tests are about); returns the token it presents. */
  addPartner(id: string, roles: readonly CredentialsRole[], status?: PartnerStatus): Promise<string>;
  /** Operator-entered objects, validated and stamped at `at` like the admin API does. */
  putLocation(body: unknown, at: number): Promise<void>;
  putTariff(body: unknown, at: number): Promise<void>;
  append<T extends 'switchyard.sessions' | 'switchyard.cdrs'>(topic: T, records: readonly { key: string; value: TopicValues[T] | null }[]): Promise<void>;
  close(): Promise<void>;
}

export const emspRole = (country_code: string, party_id: string): CredentialsRole => ({ role: 'EMSP', business_details: { name: `eMSP ${party_id}` }, country_code, party_id });

/**
 * The OCPI frame (token auth, envelopes, traffic recording) with the four SENDER modules over an embedded
 * bus in a temp dir, reading sessions, CDRs and the roaming state from the start like the service does.
 */
export interface SenderWorldOptions {
  readonly pageLimit: number;
  readonly cpoRoles: readonly CredentialsRole[];
  /** Writes what is on the bus before the service starts reading it (benchmarks measure that start). */
  readonly before?: (bus: EventBus, serde: Serde) => Promise<void>;
}

export async function openSenderWorld(options: SenderWorldOptions): Promise<SenderWorld> {
  const logger = pino({ level: process.env['OCPI_TEST_LOG'] ?? 'silent' });
  const clock = systemClock;
  const { bus, cleanup: cleanupBus } = await openTestBus();
  const registryDir = await mkdtemp(join(tmpdir(), 'switchyard-ocpi-sender-serde-'));
  const serde = createAvroSerde({ registry: await openFileSchemaRegistry({ path: join(registryDir, 'registry.json') }), catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
  await serde.registerTopics([topics.ocppEvents, topics.locations, topics.tariffs, topics.tokens, topics.sessions, topics.cdrs, topics.ocpiTraffic, topics.ocpiPartners]);
  const envelopeOf = createEnvelopeBuilder({ clock, source: { service: 'ocpi', instanceId: 'sender-test' } });
  const directory = await openPartnerDirectory({ bus, serde, envelopeOf, instanceId: 'sender-test', onUndecodable: (key, error) => logger.error({ key, err: error }, 'undecodable partner') });
  await directory.ready;
  const traffic = busTrafficRecorder({ bus, serde, envelopeOf, onFailure: (error) => logger.error({ err: error }, 'traffic not recorded') });
  await options.before?.(bus, serde);
  const start = performance.now();
  const roaming = await openRoamingState({ bus, serde, clock, logger, instanceId: 'sender-test' });
  await roaming.ready;
  const data = await openSenderData({ bus, serde, logger, instanceId: 'sender-test', locations: roaming.locations });
  await data.ready;
  const startMs = performance.now() - start;

  let app: ReturnType<typeof createOcpiApp> | undefined;
  // The app needs the public URL, which needs the port: listen first, then build the app.
  const server: RunningHttpServer = await startHttpServer((request, response) => app?.(request, response), { host: '127.0.0.1', port: 0 });
  const publicConfig: OcpiConfig = { publicUrl: `http://127.0.0.1:${server.port}`, cpoRoles: options.cpoRoles, partnerTimeoutMs: 2_000, pageLimit: options.pageLimit, commandTimeoutMs: 5_000 };
  const modules = senderModules({ clock, config: publicConfig, data, locations: roaming.locations, tariffs: roaming.tariffStore });
  app = createOcpiApp({ clock, logger, directory, traffic, modules, config: publicConfig });

  const stamped = <O>(accepted: { ok: true; object: O } | { ok: false; problems: readonly string[] }): O => {
    if (!accepted.ok) throw new Error(`test object refused: ${accepted.problems.join('; ')}`);
    return accepted.object;
  };
  return {
    bus,
    serde,
    roaming,
    startMs,
    moduleBaseUrl: `${publicConfig.publicUrl}/ocpi/2.2.1`,
    config: publicConfig,
    async addPartner(id, roles, status = 'REGISTERED') {
      const token = newCredentialsToken();
      const now = clock.now();
      const partner: Partner = {
        id, status, incomingTokenHash: hashCredentialsToken(token), outgoingToken: newCredentialsToken(), versionsUrl: null, version: '2.2.1',
        endpoints: [], roles, createdAt: now, updatedAt: now,
      };
      await directory.put(partner);
      return token;
    },
    async putLocation(body, at) {
      await roaming.locationStore.put(stamped(locationKind.accept(body, at)));
    },
    async putTariff(body, at) {
      await roaming.tariffStore.put(stamped(tariffKind.accept(body, at)));
    },
    append: (topic, records) => appendRecords(bus, serde, topic, records),
    async close() {
      await server.close(100);
      await traffic.flush();
      await data.close();
      await roaming.close();
      await directory.close();
      await cleanupBus();
      await rm(registryDir, { recursive: true, force: true });
    },
  };
}
