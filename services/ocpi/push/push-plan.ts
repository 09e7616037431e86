import type { CdrToken, PartyRef } from '../../core/events/generated-types.ts';
import type { PartnerRequest } from '../client/partner-client.ts';
import type { CredentialsRole, Partner } from '../partners/partner.ts';

/** The partner modules Switchyard pushes to, each through the partner's RECEIVER endpoint of that id. */
export type PushModule = 'sessions' | 'cdrs' | 'locations' | 'tariffs';

export const pushModules: readonly PushModule[] = ['sessions', 'cdrs', 'locations', 'tariffs'];

export type PushPlan = { readonly kind: 'send'; readonly request: PartnerRequest } | { readonly kind: 'skip'; readonly reason: string };

/** Which object of a party: its owner (one of our CPO parties) and its id. */
export interface ObjectRef {
  readonly owner: PartyRef;
  readonly id: string;
}

/** What one pushed object needs: its owner and id, and the OCPI object itself. */
export interface OwnedObject extends ObjectRef {
  readonly object: unknown;
}

export interface SessionOrCdr extends OwnedObject {
  readonly cdrToken: CdrToken;
}

export interface EvseStatusUpdate {
  readonly locationOwner: PartyRef;
  readonly locationId: string;
  readonly evseUid: string;
  readonly status: string;
  readonly lastUpdated: string;
}

type Target = { readonly kind: 'target'; readonly endpoint: string; readonly to: CredentialsRole } | { readonly kind: 'skip'; readonly reason: string };

/** A REGISTERED 2.2.1 partner's RECEIVER endpoint of the module, and which of its parties we address. */
function targetOf(partner: Partner, module: PushModule, addressed: (role: CredentialsRole) => boolean): Target {
  if (partner.status !== 'REGISTERED') return { kind: 'skip', reason: `partner is ${partner.status}` };
  // 2.1.1 Sessions, CDRs and Locations differ in many fields; Switchyard pushes the 2.2.1 objects only.
  if (partner.version !== '2.2.1') return { kind: 'skip', reason: `partner speaks OCPI ${partner.version ?? 'no version'}` };
  const endpoint = receiverEndpointOf(partner, module);
  if (endpoint === null) return { kind: 'skip', reason: `partner has no ${module} RECEIVER endpoint` };
  const to = partner.roles.find(addressed);
  if (to === undefined) return { kind: 'skip', reason: 'not for this partner' };
  return { kind: 'target', endpoint, to };
}

export function receiverEndpointOf(partner: Partner, module: PushModule): string | null {
  const endpoint = partner.endpoints.find((candidate) => candidate.identifier === module && candidate.role === 'RECEIVER');
  return endpoint === undefined ? null : endpoint.url.replace(/\/+$/, '');
}

const sameParty = (a: PartyRef, b: PartyRef): boolean => a.country_code === b.country_code && a.party_id === b.party_id;

function routingOf(from: PartyRef, to: PartyRef): NonNullable<PartnerRequest['routing']> {
  return { from: { countryCode: from.country_code, partyId: from.party_id }, to: { countryCode: to.country_code, partyId: to.party_id } };
}

function plan(
  ours: readonly PartyRef[],
  owned: ObjectRef,
  partner: Partner,
  module: PushModule,
  addressed: (role: CredentialsRole) => boolean,
  request: (endpoint: string) => Pick<PartnerRequest, 'method' | 'url' | 'body'>,
): PushPlan {
  if (!ours.some((party) => sameParty(party, owned.owner))) return { kind: 'skip', reason: `${owned.owner.country_code}-${owned.owner.party_id} is not one of our parties` };
  const target = targetOf(partner, module, addressed);
  if (target.kind === 'skip') return target;
  return { kind: 'send', request: { ...request(target.endpoint), module, routing: routingOf(owned.owner, target.to) } };
}

const objectPath = (endpoint: string, owner: PartyRef, ...ids: readonly string[]): string =>
  [endpoint, owner.country_code, owner.party_id, ...ids].map((part, index) => (index === 0 ? part : encodeURIComponent(part))).join('/');

/** Sessions go to the eMSP whose party issued the session's token, as a PUT of the whole Session. */
export function planSessionPush(ours: readonly PartyRef[], session: SessionOrCdr, partner: Partner): PushPlan {
  return plan(ours, session, partner, 'sessions', (role) => sameParty(role, session.cdrToken), (endpoint) => ({
    method: 'PUT',
    url: objectPath(endpoint, session.owner, session.id),
    body: session.object,
  }));
}

/** CDRs are POSTed to the eMSP whose party issued the token; it answers with the CDR's URL on its side. */
export function planCdrPush(ours: readonly PartyRef[], cdr: SessionOrCdr, partner: Partner): PushPlan {
  return plan(ours, cdr, partner, 'cdrs', (role) => sameParty(role, cdr.cdrToken), (endpoint) => ({ method: 'POST', url: endpoint, body: cdr.object }));
}

/** Locations and Tariffs go to every eMSP (addressed as its first eMSP party), as a PUT of the whole object. */
function planPutToEveryEmsp(module: 'locations' | 'tariffs', ours: readonly PartyRef[], owned: OwnedObject, partner: Partner): PushPlan {
  return plan(ours, owned, partner, module, firstEmspRole(partner), (endpoint) => ({
    method: 'PUT',
    url: objectPath(endpoint, owned.owner, owned.id),
    body: owned.object,
  }));
}

export function planLocationPut(ours: readonly PartyRef[], location: OwnedObject, partner: Partner): PushPlan {
  return planPutToEveryEmsp('locations', ours, location, partner);
}

export function planTariffPut(ours: readonly PartyRef[], tariff: OwnedObject, partner: Partner): PushPlan {
  return planPutToEveryEmsp('tariffs', ours, tariff, partner);
}

/** A Tariff the operator removed is DELETEd at every eMSP (the eMSP's Receiver interface has no other way). */
export function planTariffDelete(ours: readonly PartyRef[], tariff: ObjectRef, partner: Partner): PushPlan {
  return plan(ours, tariff, partner, 'tariffs', firstEmspRole(partner), (endpoint) => ({ method: 'DELETE', url: objectPath(endpoint, tariff.owner, tariff.id) }));
}

/** A live status change is a PATCH of the EVSE with its status and last_updated only. */
export function planEvsePatch(ours: readonly PartyRef[], update: EvseStatusUpdate, partner: Partner): PushPlan {
  return plan(ours, { owner: update.locationOwner, id: update.locationId }, partner, 'locations', firstEmspRole(partner), (endpoint) => ({
    method: 'PATCH',
    url: objectPath(endpoint, update.locationOwner, update.locationId, update.evseUid),
    body: { status: update.status, last_updated: update.lastUpdated },
  }));
}

function firstEmspRole(partner: Partner): (role: CredentialsRole) => boolean {
  const addressed = partner.roles.find((role) => role.role === 'EMSP') ?? partner.roles[0];
  return (role) => role === addressed;
}
