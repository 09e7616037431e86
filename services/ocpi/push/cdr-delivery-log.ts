import type { EventBus } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { Serde } from '../../core/serde/serde.ts';

export interface CdrDelivery {
  readonly partnerId: string;
  /** country_code/party_id/id, the CDR's key on switchyard.cdrs. */
  readonly cdrKey: string;
  /** The partner's Location header: where to GET the CDR back from the partner. */
  readonly location: string;
  readonly at: number;
}

/** Remembers where each partner keeps the CDRs it accepted. */
export interface CdrDeliveryLog {
  accepted(delivery: CdrDelivery): Promise<void>;
}

/** Deliveries on the compacted topic switchyard.ocpi.cdr-deliveries, keyed by partner id and CDR key. */
export function cdrDeliveryLogOnBus(deps: { readonly bus: EventBus; readonly serde: Serde; readonly envelopeOf: EnvelopeBuilder }): CdrDeliveryLog {
  return {
    async accepted(delivery) {
      const key = `${delivery.partnerId}/${delivery.cdrKey}`;
      const value = await deps.serde.encode(topics.ocpiCdrDeliveries, {
        envelope: deps.envelopeOf({ key }),
        payload: { partner_id: delivery.partnerId, cdr_key: delivery.cdrKey, location_url: delivery.location, accepted_at: delivery.at },
      });
      await deps.bus.append([{ topic: topics.ocpiCdrDeliveries, key, value }]);
    },
  };
}
