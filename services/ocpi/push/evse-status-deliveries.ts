import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import type { SharedState } from '../state/shared-state.ts';
import { missedStatuses, statusDelivery, statusDeliveryKeyOf } from './evse-status-catch-up.ts';
import type { EvseStatusUpdate } from './push-plan.ts';

/** The EVSE statuses each partner accepted (switchyard.ocpi.evse-status-deliveries), shared by every OCPI instance. */
export interface EvseStatusDeliveries {
  /** The live statuses the partner has not accepted (see missedStatuses). */
  missedBy(partnerId: string): EvseStatusUpdate[];
  /** Recorded in the background: a lost record only costs one repeated PATCH after the next restart. */
  accepted(partnerId: string, update: EvseStatusUpdate): void;
}

export function evseStatusDeliveriesOn(
  state: SharedState<'switchyard.ocpi.evse-status-deliveries'>,
  deps: { readonly locations: { list(): OcpiLocation[] }; readonly clock: Clock; readonly logger: Logger },
): EvseStatusDeliveries {
  return {
    missedBy: (partnerId) => missedStatuses(partnerId, deps.locations.list(), (key) => state.get(key)),
    accepted(partnerId, update) {
      const key = statusDeliveryKeyOf(partnerId, update);
      state.put(key, statusDelivery(partnerId, update, deps.clock.now())).catch((error: unknown) => {
        deps.logger.warn({ err: error, partnerId, evse: key }, 'an accepted EVSE status could not be recorded');
      });
    },
  };
}
