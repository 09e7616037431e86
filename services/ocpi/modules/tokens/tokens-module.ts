import { Router, type Request, type Response } from 'express';
import type { Clock } from '../../../core/clock.ts';
import { tokenKey } from '../../../roaming/ocpi/token-kind.ts';
import type { OcpiToken } from '../../../roaming/ocpi/token-object.ts';
import { sendOcpiData } from '../../transport/ocpi-response.ts';
import { authenticatedPartner } from '../../transport/request-partner.ts';
import type { OcpiModule } from '../ocpi-module.ts';
import { assertOwnParty, storedToken, tokenAddressOf, tokenFromPatch, tokenFromPut, type TokenAddress } from './token-push.ts';

/** The roaming token store (switchyard.tokens) as this module uses it; the edge's token view reads the same topic. */
export interface TokenStorePort {
  /** By tokenKey: a token is named by its party, uid and type. */
  get(key: string): OcpiToken | undefined;
  put(token: OcpiToken): Promise<unknown>;
}

/**
 * Tokens, RECEIVER (2.2.1): the eMSP pushes its tokens (PUT, PATCH) and checks them (GET). They are
 * written to switchyard.tokens, where every edge instance's Authorize finds them. 2.1.1 tokens have no
 * owning party in the object and are not served.
 */
export function tokensModule(deps: { readonly clock: Clock; readonly tokens: TokenStorePort }): OcpiModule {
  const { clock, tokens } = deps;
  const router = Router();
  const path = '/:countryCode/:partyId/:uid';
  const addressed = (request: Request, response: Response): TokenAddress => {
    const address = tokenAddressOf(
      { countryCode: String(request.params['countryCode']), partyId: String(request.params['partyId']), uid: String(request.params['uid']) },
      request.query['type'],
    );
    assertOwnParty(authenticatedPartner(response), address);
    return address;
  };
  const found = (address: TokenAddress): OcpiToken | undefined => tokens.get(tokenKey({ country_code: address.countryCode, party_id: address.partyId }, address.uid, address.type));
  const stored = (address: TokenAddress): OcpiToken => storedToken(found(address), address);

  router.get(path, (request, response) => {
    sendOcpiData(response, clock, stored(addressed(request, response)));
  });
  router.put(path, async (request, response) => {
    const address = addressed(request, response);
    const created = found(address) === undefined;
    await tokens.put(tokenFromPut(address, request.body as unknown));
    sendOcpiData(response, clock, undefined, created ? 201 : 200);
  });
  router.patch(path, async (request, response) => {
    const address = addressed(request, response);
    await tokens.put(tokenFromPatch(address, stored(address), request.body as unknown));
    sendOcpiData(response, clock, undefined);
  });
  return { endpoint: { identifier: 'tokens', role: 'RECEIVER', versions: ['2.2.1'] }, router };
}
