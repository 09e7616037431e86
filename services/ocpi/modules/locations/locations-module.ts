import { Router } from 'express';
import type { OcpiEvse, OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import { OcpiError, ocpiStatus } from '../../transport/ocpi-status.ts';
import { sendOcpiData } from '../../transport/ocpi-response.ts';
import type { OcpiModule } from '../ocpi-module.ts';
import { answerPagedGet, requestedParties } from '../paging/paged-get.ts';
import { pageOf } from '../paging/page.ts';
import type { DatedObject } from '../paging/party-objects.ts';
import type { OrderedIndex } from '../paging/ordered-index.ts';
import type { SenderModuleDeps } from '../paging/sender-deps.ts';
import type { LocationSource } from './location-index.ts';
import { publicEvse, publicLocation } from './public-location.ts';

const unknown = (what: string): OcpiError => new OcpiError(ocpiStatus.unknownLocation, 404, `unknown ${what}`);

/**
 * Locations, SENDER (2.2.1): GET list (paginated) and GET one Location, EVSE or Connector of the
 * requested CPO parties. Every registered partner sees every Location. The 2.1.1 Location has no owner
 * fields and other connector fields, so 2.1.1 partners are not served.
 */
export function locationsModule(deps: SenderModuleDeps & { readonly locations: Pick<LocationSource, 'read'>; readonly ordered: Pick<OrderedIndex<DatedObject<OcpiLocation>>, 'ordered'> }): OcpiModule {
  const router = Router();
  const findLocation = (parties: ReadonlySet<string>, locationId: string): OcpiLocation => {
    for (const party of parties) {
      const location = deps.locations.read(`${party}/${locationId}`);
      if (location !== undefined) return location;
    }
    throw unknown(`location ${locationId}`);
  };
  const findEvse = (parties: ReadonlySet<string>, locationId: string, evseUid: string): OcpiEvse => {
    const evse = findLocation(parties, locationId).evses.find((candidate) => candidate.uid === evseUid);
    if (evse === undefined) throw unknown(`EVSE ${evseUid} at location ${locationId}`);
    return evse;
  };

  router.get('/', (request, response) => {
    const owners = requestedParties(request, deps);
    answerPagedGet(
      request,
      response,
      { ...deps, identifier: 'locations' },
      (query) => pageOf(deps.ordered.ordered(), query, (entry) => owners.has(entry.owner)),
      (entry) => JSON.stringify(publicLocation(entry.object)),
    );
  });
  router.get('/:locationId', (request, response) => {
    sendOcpiData(response, deps.clock, publicLocation(findLocation(requestedParties(request, deps), request.params.locationId)));
  });
  router.get('/:locationId/:evseUid', (request, response) => {
    const { locationId, evseUid } = request.params;
    sendOcpiData(response, deps.clock, publicEvse(findEvse(requestedParties(request, deps), locationId, evseUid)));
  });
  router.get('/:locationId/:evseUid/:connectorId', (request, response) => {
    const { locationId, evseUid, connectorId } = request.params;
    const connector = findEvse(requestedParties(request, deps), locationId, evseUid).connectors.find((candidate) => candidate.id === connectorId);
    if (connector === undefined) throw unknown(`connector ${connectorId} of EVSE ${evseUid} at location ${locationId}`);
    sendOcpiData(response, deps.clock, connector);
  });
  return { endpoint: { identifier: 'locations', role: 'SENDER', versions: ['2.2.1'] }, router };
}
