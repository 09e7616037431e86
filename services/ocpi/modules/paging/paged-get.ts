import type { Request, Response } from 'express';
import type { OcpiVersionId } from '../../partners/partner.ts';
import { requestedVersion } from '../../transport/request-partner.ts';
import { sendOcpiJsonList } from './json-list-response.ts';
import { pageHeaders, type Page } from './page.ts';
import { pageQueryOf, type PageQuery } from './page-query.ts';
import type { SenderModuleDeps } from './sender-deps.ts';
import { requestedCpoParties, type PartyKey } from './served-parties.ts';

export function moduleUrl(publicUrl: string, version: OcpiVersionId, identifier: string): string {
  return `${publicUrl}/ocpi/${version}/${identifier}`;
}

/** The CPO parties this request is for, from its OCPI-to-* headers. */
export function requestedParties(request: Request, deps: SenderModuleDeps): ReadonlySet<PartyKey> {
  return requestedCpoParties({ toCountryCode: request.get('OCPI-to-country-code'), toPartyId: request.get('OCPI-to-party-id') }, deps.config.cpoRoles);
}

/**
 * Answers a paginated GET: reads the paging parameters, takes the page `pageFor` finds for them, and sends
 * its objects (as JSON text) with X-Total-Count, X-Limit and Link headers.
 */
export function answerPagedGet<T>(
  request: Request,
  response: Response,
  deps: SenderModuleDeps & { readonly identifier: string },
  pageFor: (query: PageQuery) => Page<T>,
  presentJson: (item: T) => string,
): void {
  const query = pageQueryOf(request.query, deps.config.pageLimit);
  const page = pageFor(query);
  response.set(pageHeaders(moduleUrl(deps.config.publicUrl, requestedVersion(response), deps.identifier), query, page));
  sendOcpiJsonList(response, deps.clock, page.items.map(presentJson));
}
