import type { ServiceContext } from '../core/platform/service-context.ts';

/**
 * Composition root of the OCPI service (roaming partners on SWITCHYARD_OCPI_PORT). Its modules are not
 * built yet, so nothing listens on the OCPI port; the process runs with adapters and ops endpoints only.
 */
export async function startOcpi(context: ServiceContext): Promise<void> {
  context.logger.warn('OCPI modules are not in this build: nothing listens on the OCPI port');
}
