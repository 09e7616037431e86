import type { ServiceContext } from '../core/platform/service-context.ts';

/**
 * Composition root of the history service (archiving the event log into ClickHouse). Its consumers are
 * not built yet, so the process runs with config, adapters and ops endpoints and does no work.
 */
export async function startHistory(context: ServiceContext): Promise<void> {
  context.logger.warn('history has no consumers in this build: the process serves ops endpoints only');
}
