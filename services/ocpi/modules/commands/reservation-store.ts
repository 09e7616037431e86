import type { SharedState } from '../../state/shared-state.ts';
import type { ReservationRef } from './command-plan.ts';
import { chargerHolding, reservationKeyOf, type ReservationChange } from './reservation-book.ts';

/** The reservation book every OCPI instance shares (switchyard.ocpi.reservations). */
export interface ReservationStore {
  chargerOf(reservation: ReservationRef, now: number): string | undefined;
  /** Resolves once the reservations any instance stored before the call are known here. */
  upToDate(): Promise<void>;
  change(reservation: ReservationRef, change: ReservationChange): Promise<void>;
}

export function reservationStoreOn(state: SharedState<'switchyard.ocpi.reservations'>): ReservationStore {
  return {
    chargerOf: (reservation, now) => chargerHolding(state.get(reservationKeyOf(reservation)), now),
    upToDate: () => state.upToDate(),
    async change(reservation, change) {
      switch (change.kind) {
        case 'hold':
          await state.put(reservationKeyOf(reservation), change.held);
          return;
        case 'release':
          await state.put(reservationKeyOf(reservation), null);
          return;
        case 'keep':
          return;
        default: {
          const unreachable: never = change;
          return unreachable;
        }
      }
    },
  };
}
