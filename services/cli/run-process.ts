import express from 'express';
import { systemClock } from '../core/clock.ts';
import { publicEndpoints, type Config } from '../core/config/config.ts';
import { resolveAdminToken } from '../core/config/admin-token.ts';
import { AdminApi, adminApiBasePath } from '../core/http/admin-api.ts';
import { jsonErrorHandler, notFoundHandler } from '../core/http/api-error.ts';
import { startHttpServer } from '../core/http/http-server.ts';
import { createOpsRouter } from '../core/http/ops-routes.ts';
import { Lifecycle, stopOnSignals } from '../core/lifecycle/lifecycle.ts';
import { createRootLogger } from '../core/observability/logger.ts';
import { createMetricsRegistry } from '../core/observability/metrics.ts';
import { Readiness } from '../core/observability/readiness.ts';
import { openPlatform } from '../core/platform/open-platform.ts';
import type { StartService } from '../core/platform/service-context.ts';
import { switchyardVersion } from './version.ts';

/**
 * all-in-one: `switchyard run`; ops endpoints and the admin API share the admin port.
 * single-service: one service of a distributed deployment; ops endpoints and its admin routes on the ops port.
 */
export type ProcessLayout = 'all-in-one' | 'single-service';

export interface ProcessPlan {
  /** Names the process in logs and metrics labels. */
  readonly name: string;
  readonly layout: ProcessLayout;
  /** Started in this order after the platform, stopped in reverse. */
  readonly services: readonly { readonly name: string; readonly start: StartService }[];
}

/**
 * The common skeleton of every Switchyard process: logger, metrics, readiness, the HTTP listener for
 * ops and admin, the platform adapters, then the services; graceful shutdown on SIGTERM/SIGINT.
 * Resolves once everything has started; the process then lives until a signal arrives.
 */
export async function runProcess(config: Config, plan: ProcessPlan): Promise<void> {
  const logger = createRootLogger({ level: config.logLevel, instanceId: config.instanceId, service: plan.name });
  const metrics = createMetricsRegistry({ service: plan.name, instance: config.instanceId });
  const readiness = new Readiness();
  const lifecycle = new Lifecycle({ logger, timeoutMs: config.shutdownTimeoutMs });
  const exit = (code: number) => process.exit(code);
  stopOnSignals(lifecycle, { signals: process, exit, logger });

  const adminToken = await resolveAdminToken(config.adminToken, config.dataDir);
  if (adminToken.source === 'generated') logger.info({ file: adminToken.file }, 'generated the admin API token');
  const adminApi = new AdminApi({ token: adminToken.value, logger: logger.child({ component: 'admin-api' }), version: switchyardVersion });
  const app = express();
  app.disable('x-powered-by');
  app.use(createOpsRouter({ readiness, metrics }));
  app.use(adminApiBasePath, adminApi.router);
  app.use(notFoundHandler);
  app.use(jsonErrorHandler(logger));

  const port = httpPortOf(config, plan.layout);
  const listeners = readiness.register('listeners');
  // The HTTP listener comes first so /healthz and /readyz answer while the rest starts.
  const http = await startHttpServer(app, { host: config.listen.host, port });
  try {
    const platform = await openPlatform(config, { logger, readiness, lifecycle, clock: systemClock });
    for (const service of plan.services) {
      await service.start({
        config,
        clock: systemClock,
        logger: logger.child({ component: service.name }),
        metrics,
        readiness,
        lifecycle,
        platform,
        admin: adminApi,
      });
    }
    adminApi.assertInStep();
  } catch (error) {
    logger.fatal({ err: error }, 'startup failed');
    await lifecycle.stop('startup failed');
    await http.close();
    exit(1);
    return;
  }
  // Registered last so they run first on shutdown: stop answering ready, then stop accepting requests.
  lifecycle.onStop('http', () => http.close());
  lifecycle.onStop('readiness', async () => readiness.drain('shutting down'));
  listeners.ready(`http on ${config.listen.host}:${http.port}`);
  logger.info(
    { mode: config.infrastructure.mode, services: plan.services.map((service) => service.name), http: http.port, ...(plan.layout === 'all-in-one' ? publicEndpoints(config) : {}) },
    'started',
  );
}

function httpPortOf(config: Config, layout: ProcessLayout): number {
  switch (layout) {
    case 'all-in-one':
      return config.listen.adminPort;
    case 'single-service':
      return config.listen.opsPort;
    default: {
      const unreachable: never = layout;
      return unreachable;
    }
  }
}

