import { createHash } from 'node:crypto';
import type { CommandName } from '../../../edge/commands/command-parameters.ts';
import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import type { OcpiToken } from '../../../roaming/ocpi/token-object.ts';
import { ocpiStatus, type OcpiStatusCode } from '../../transport/ocpi-status.ts';
import { partyKeyOf, type PartyKey } from '../paging/served-parties.ts';
import type { CommandRequest } from './command-requests.ts';
import { resolveTarget, type ChargerTarget } from './command-target.ts';

export type CommandResponseType = 'NOT_SUPPORTED' | 'REJECTED' | 'ACCEPTED' | 'UNKNOWN_SESSION';

/** A session the CPO can still stop: where it runs and whose customer it is. */
export interface StoppableSession {
  readonly chargerId: string;
  readonly transactionId: string;
  /** The party of the Session's cdr_token: the eMSP the projector found for the token. */
  readonly tokenParty: PartyKey;
}

/** What planning a command may look up: our Locations, running Sessions, reservations we passed on. */
export interface CommandPlanContext {
  /** The requesting partner's parties (an eMSP commands only its own tokens and sessions). */
  readonly partnerParties: ReadonlySet<PartyKey>;
  locationOf(locationId: string): OcpiLocation | undefined;
  sessionOf(sessionId: string): StoppableSession | undefined;
  /** The charger a reservation of this eMSP party went to. */
  reservationChargerOf(reservation: ReservationRef): string | undefined;
  /** 2.0.1 remoteStartId of a START_SESSION: a fresh number for every start. */
  readonly remoteStartId: number;
}

export interface ReservationRef {
  readonly party: PartyKey;
  readonly reservationId: string;
}

export type CommandPlan =
  | { readonly kind: 'refuse'; readonly statusCode: OcpiStatusCode; readonly result: CommandResponseType; readonly message: string }
  | {
      readonly kind: 'dispatch';
      readonly chargerId: string;
      readonly name: CommandName;
      readonly parameters: Readonly<Record<string, unknown>>;
      /** RESERVE_NOW / CANCEL_RESERVATION: the reservation the CommandResult adds or removes. */
      readonly reservation: ReservationRef | null;
    };

const refuse = (result: CommandResponseType, message: string, statusCode: OcpiStatusCode = ocpiStatus.success): CommandPlan => ({ kind: 'refuse', statusCode, result, message });

/**
 * The charger's reservation id for an eMSP's reservation_id: the same eMSP reservation always maps to the
 * same number (so RESERVE_NOW again replaces it), and eMSPs cannot reach each other's reservations
 * because their party is part of what is hashed (the spec forbids passing reservation_id on as it is).
 */
export function chargerReservationId(reservation: ReservationRef): number {
  return createHash('sha256').update(`${reservation.party}/${reservation.reservationId}`).digest().readUInt32BE(0) & 0x7fffffff;
}

/** The token fields a command uses; the request's Token need not carry last_updated. */
type CommandToken = Pick<OcpiToken, 'uid' | 'type' | 'country_code' | 'party_id'>;

/** OCPP 2.0.1 IdTokenEnumType of an OCPI token: RFID cards are ISO 14443 uids, app and ad-hoc users central ids. */
function ocppIdToken(token: CommandToken): { value: string; type: string } {
  return { value: token.uid, type: token.type === 'RFID' ? 'ISO14443' : 'Central' };
}

type Targeted = { readonly ok: true; readonly target: ChargerTarget } | { readonly ok: false; readonly plan: CommandPlan };

function target(context: CommandPlanContext, locationId: string, evseUid: string | undefined, connectorId: string | undefined): Targeted {
  const resolved = resolveTarget(context.locationOf(locationId), evseUid, connectorId);
  if (resolved.ok) return resolved;
  switch (resolved.reason) {
    case 'unknown_location':
      // The commands chapter's example: status 2003 with a REJECTED CommandResponse.
      return { ok: false, plan: refuse('REJECTED', resolved.message, ocpiStatus.unknownLocation) };
    case 'ambiguous_charger':
      return { ok: false, plan: refuse('REJECTED', resolved.message) };
    default: {
      const unreachable: never = resolved.reason;
      return unreachable;
    }
  }
}

function ownToken(context: CommandPlanContext, token: CommandToken): boolean {
  return context.partnerParties.has(partyKeyOf(token.country_code, token.party_id));
}

/** Where a command names a charger: a Location, and maybe one of its EVSEs and connectors. */
interface CommandPlace {
  readonly location_id: string;
  readonly evse_uid?: string | undefined;
  readonly connector_id?: string | undefined;
}

/** The command for the charger at `place`, or the refusal when the place names none (or several). */
function dispatchTo(
  context: CommandPlanContext,
  place: CommandPlace,
  reservation: ReservationRef | null,
  name: CommandName,
  parametersAt: (found: ChargerTarget) => Readonly<Record<string, unknown>>,
): CommandPlan {
  const found = target(context, place.location_id, place.evse_uid, place.connector_id);
  if (!found.ok) return found.plan;
  return { kind: 'dispatch', chargerId: found.target.chargerId, name, parameters: parametersAt(found.target), reservation };
}

/** Which edge command an OCPI command becomes, or why it is answered at once without reaching a charger. */
export function planCommand(command: CommandRequest, context: CommandPlanContext): CommandPlan {
  switch (command.type) {
    case 'START_SESSION': {
      const { request } = command;
      if (!ownToken(context, request.token)) return refuse('REJECTED', 'the token belongs to another party');
      return dispatchTo(context, request, null, 'start_session', (found) => ({ evseId: found.evseId, idToken: ocppIdToken(request.token), remoteStartId: context.remoteStartId }));
    }
    case 'STOP_SESSION': {
      const session = context.sessionOf(command.request.session_id);
      if (session === undefined) return refuse('UNKNOWN_SESSION', `no running session ${command.request.session_id}`);
      // Not the token's uid: eMSPs may share uids, and the cdr_token names the one whose token the edge accepted.
      if (!context.partnerParties.has(session.tokenParty)) return refuse('REJECTED', 'the session is not one of this party\'s customers');
      return { kind: 'dispatch', chargerId: session.chargerId, name: 'stop_session', parameters: { transactionId: session.transactionId }, reservation: null };
    }
    case 'RESERVE_NOW': {
      const { request } = command;
      if (!ownToken(context, request.token)) return refuse('REJECTED', 'the token belongs to another party');
      const reservation = { party: partyKeyOf(request.token.country_code, request.token.party_id), reservationId: request.reservation_id };
      return dispatchTo(context, request, reservation, 'reserve_now', (found) => ({
        reservationId: chargerReservationId(reservation),
        evseId: found.evseId,
        expiresAt: request.expiry_date,
        idToken: ocppIdToken(request.token),
        groupId: request.token.group_id ?? null,
      }));
    }
    case 'CANCEL_RESERVATION': {
      // The request does not say whose reservation: the partner's parties are searched in order.
      const reservation = [...context.partnerParties]
        .sort()
        .map((party) => ({ party, reservationId: command.request.reservation_id }))
        .find((candidate) => context.reservationChargerOf(candidate) !== undefined);
      const chargerId = reservation === undefined ? undefined : context.reservationChargerOf(reservation);
      if (reservation === undefined || chargerId === undefined) return refuse('REJECTED', `unknown reservation ${command.request.reservation_id}`);
      return { kind: 'dispatch', chargerId, name: 'cancel_reservation', parameters: { reservationId: chargerReservationId(reservation) }, reservation };
    }
    case 'UNLOCK_CONNECTOR': {
      return dispatchTo(context, command.request, null, 'unlock_connector', (found) => ({ evseId: found.evseId, connectorId: found.connectorId }));
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
