import type { ReservationRef } from './command-plan.ts';

/**
 * Which charger holds each eMSP reservation, so CANCEL_RESERVATION (which names only the reservation id)
 * reaches it. Kept in memory: after a restart, reservations made before it cannot be cancelled through
 * OCPI (they still expire on the charger at their expiry date).
 */
export class ReservationBook {
  private readonly chargers = new Map<string, string>();

  chargerOf(reservation: ReservationRef): string | undefined {
    return this.chargers.get(keyOf(reservation));
  }

  held(reservation: ReservationRef, chargerId: string): void {
    this.chargers.set(keyOf(reservation), chargerId);
  }

  released(reservation: ReservationRef): void {
    this.chargers.delete(keyOf(reservation));
  }
}

const keyOf = (reservation: ReservationRef): string => `${reservation.party}/${reservation.reservationId}`;
