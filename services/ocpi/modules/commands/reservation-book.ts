import type { Reservation } from '../../../core/events/generated-types.ts';
import { isLive } from '../../state/expiry.ts';
import type { ReservationRef } from './command-plan.ts';
import type { CommandRequest } from './command-requests.ts';
import type { CommandResultType } from './command-result.ts';

/**
 * Which charger holds each eMSP reservation, so CANCEL_RESERVATION (which names only the reservation id)
 * reaches it: the rules. The book itself is the compacted topic switchyard.ocpi.reservations.
 */
export const reservationKeyOf = (reservation: ReservationRef): string => `${reservation.party}/${reservation.reservationId}`;

/** The charger holding a reservation, until its expiry_date. */
export function chargerHolding(held: Reservation | undefined, now: number): string | undefined {
  return held !== undefined && isLive(held, now) ? held.charger_id : undefined;
}

export type ReservationChange = { readonly kind: 'hold'; readonly held: Reservation } | { readonly kind: 'release' } | { readonly kind: 'keep' };

/**
 * What a command's result does to the book. A charger that accepted RESERVE_NOW holds the reservation (a
 * RESERVE_NOW of a known reservation_id replaces it); one that accepted CANCEL_RESERVATION, or answered
 * that it has no such reservation (UNKNOWN_RESERVATION: used or expired there), no longer holds it.
 * Anything else (refused, timed out, not delivered) leaves the book as it was.
 */
export function reservationChange(command: CommandRequest, chargerId: string, result: CommandResultType, at: number): ReservationChange {
  switch (command.type) {
    case 'RESERVE_NOW': {
      if (result !== 'ACCEPTED') return { kind: 'keep' };
      const { request } = command;
      return {
        kind: 'hold',
        held: {
          country_code: request.token.country_code,
          party_id: request.token.party_id,
          reservation_id: request.reservation_id,
          charger_id: chargerId,
          expires_at: Date.parse(request.expiry_date),
          reserved_at: at,
        },
      };
    }
    case 'CANCEL_RESERVATION':
      return result === 'ACCEPTED' || result === 'UNKNOWN_RESERVATION' ? { kind: 'release' } : { kind: 'keep' };
    case 'START_SESSION':
    case 'STOP_SESSION':
    case 'UNLOCK_CONNECTOR':
      return { kind: 'keep' };
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
