import { Router } from 'express';
import type { OcpiTariff } from '../../../roaming/ocpi/tariff-object.ts';
import type { OcpiModule } from '../ocpi-module.ts';
import { answerPagedGet, requestedParties } from '../paging/paged-get.ts';
import { pageOf } from '../paging/page.ts';
import { inPagingOrder } from '../paging/party-objects.ts';
import type { SenderModuleDeps } from '../paging/sender-deps.ts';

/**
 * Tariffs, SENDER (2.2.1): GET list, paginated, of the requested CPO parties' Tariffs; every registered
 * partner sees them all. 2.1.1 Tariffs have no owner fields, so 2.1.1 partners are not served.
 */
export function tariffsModule(deps: SenderModuleDeps & { readonly tariffs: { list(): OcpiTariff[] } }): OcpiModule {
  const router = Router();
  router.get('/', (request, response) => {
    const owners = requestedParties(request, deps);
    answerPagedGet(
      request,
      response,
      { ...deps, identifier: 'tariffs' },
      (query) => pageOf(inPagingOrder(deps.tariffs.list(), (tariff) => tariff.id), query, (entry) => owners.has(entry.owner)),
      (entry) => JSON.stringify(entry.object),
    );
  });
  return { endpoint: { identifier: 'tariffs', role: 'SENDER', versions: ['2.2.1'] }, router };
}
