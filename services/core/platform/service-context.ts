import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { AdminRouteRegistrar } from '../http/admin-api.ts';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import type { Readiness } from '../observability/readiness.ts';
import type { Platform } from './platform.ts';

/**
 * Everything a service's composition root (services/<name>/main.ts) receives. A service registers its
 * readiness components, its admin routes and, right after starting each part, how to stop it.
 */
export interface ServiceContext {
  readonly config: Config;
  readonly clock: Clock;
  /** Already a child logger for the service. */
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly readiness: Readiness;
  readonly lifecycle: Lifecycle;
  readonly platform: Platform;
  readonly admin: AdminRouteRegistrar;
}

export type StartService = (context: ServiceContext) => Promise<void>;
