import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import type { EventBus, RetryPolicy } from '../../../services/core/bus/event-bus.ts';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock, type Clock } from '../../../services/core/clock.ts';
import { AdminApi } from '../../../services/core/http/admin-api.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import type { OcpiConfig } from '../../../services/ocpi/ocpi-config.ts';
import { openOcpi, type RunningOcpi } from '../../../services/ocpi/open-ocpi.ts';
import { freePorts } from '../../app/switchyard-process.ts';
import { openTestWorld, type TestWorld } from '../../edge/support/edge-harness.ts';
import type { AdminCall } from '../../support/admin-client.ts';
import { serveAdminApi } from '../../support/admin-server.ts';

export const ocpiAdminToken = 'ocpi-test-admin-token-0123';
/** Attempts never stop, as in production; the waits are short. */
export const harnessPushRetry: RetryPolicy = { initialBackoffMs: 20, maxBackoffMs: 200, maxAttempts: Number.POSITIVE_INFINITY };

export interface OcpiHarness {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly ocpi: RunningOcpi;
  readonly config: OcpiConfig;
  /** Our versions endpoint, what partners are told. */
  readonly versionsUrl: string;
  readonly adminUrl: string;
  readonly admin: AdminCall;
  stop(): Promise<void>;
}

export type OcpiWorld = TestWorld;

export const testLogger = () => pino({ level: process.env['OCPI_TEST_LOG'] ?? 'silent' });

/** The embedded log and a Serde over a file schema registry (every topic registered), both in temp dirs. */
export const openOcpiWorld = (): Promise<OcpiWorld> => openTestWorld(Object.values(topics).filter((topic) => topic !== topics.edgeTransactionIdBlocks));

/** What the services that share the OCPI service's process are opened with. */
export interface CoResidentContext {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly admin: AdminApi;
}

export interface OcpiHarnessOptions {
  readonly clock?: Clock;
  readonly config?: Partial<Omit<OcpiConfig, 'publicUrl'>>;
  readonly instanceId?: string;
  /** The bus and registry to run on, shared with other instances; the test cleans it up. Default: a world of its own. */
  readonly world?: OcpiWorld;
  /** Backoff of pushes a partner could not take; short by default so recoveries show within a test. */
  readonly pushRetry?: RetryPolicy;
  /**
   * Opens the services that run next to OCPI in `switchyard run` (roaming admin, projectors, edge) on the
   * same bus and admin API, before the OCPI service; what it returns closes them, after the OCPI service.
   */
  readonly coResidents?: (context: CoResidentContext) => Promise<() => Promise<void>>;
}

/**
 * The OCPI service in-process, wired like `switchyard run`: embedded lmdb bus and a file schema registry
 * in temp dirs, the admin API over HTTP, and the OCPI app on 127.0.0.1.
 */
export async function startOcpiHarness(options: OcpiHarnessOptions = {}): Promise<OcpiHarness> {
  const clock = options.clock ?? systemClock;
  const logger = testLogger();
  const world = options.world ?? (await openOcpiWorld());
  const { bus, serde } = world;

  // The public URL names the port, so it is picked before the service starts.
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port');
  const config: OcpiConfig = {
    cpoRoles: [{ role: 'CPO', country_code: 'NL', party_id: 'SWY', business_details: { name: 'Switchyard test CPO' } }],
    partnerTimeoutMs: 5_000,
    pageLimit: 100,
    commandTimeoutMs: 5_000,
    ...options.config,
    publicUrl: `http://127.0.0.1:${port}`,
  };
  const adminApi = new AdminApi({ token: ocpiAdminToken, logger, version: 'test' });
  const closeCoResidents = options.coResidents === undefined ? null : await options.coResidents({ bus, serde, clock, logger, admin: adminApi });
  const ocpi = await openOcpi({
    bus,
    serde,
    clock,
    logger,
    admin: adminApi,
    config,
    listen: { host: '127.0.0.1', port },
    instanceId: options.instanceId ?? 'ocpi-test',
    metrics: new Registry(),
    pushRetry: options.pushRetry ?? harnessPushRetry,
  });
  adminApi.assertInStep();
  const adminServer = await serveAdminApi(adminApi, ocpiAdminToken);
  return {
    bus,
    serde,
    ocpi,
    config,
    versionsUrl: `${config.publicUrl}/ocpi/versions`,
    adminUrl: adminServer.adminUrl,
    admin: adminServer.admin,
    async stop() {
      await adminServer.close();
      await ocpi.close();
      await closeCoResidents?.();
      if (options.world === undefined) await world.cleanup();
    },
  };
}
