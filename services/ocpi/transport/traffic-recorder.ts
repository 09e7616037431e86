import type { EventBus } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { OcpiExchange } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { redactCredentialsTokens } from './redact-tokens.ts';

/**
 * Files every OCPI exchange on switchyard.ocpi.traffic. Recording never delays or fails the exchange
 * itself: a failed append is reported and dropped.
 */
export interface TrafficRecorder {
  record(exchange: OcpiExchange): void;
  /** Waits for the appends in flight (shutdown, tests). */
  flush(): Promise<void>;
}

export function busTrafficRecorder(deps: {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly envelopeOf: EnvelopeBuilder;
  readonly onFailure: (error: unknown) => void;
}): TrafficRecorder {
  const inFlight = new Set<Promise<void>>();
  const append = async (exchange: OcpiExchange): Promise<void> => {
    const key = exchange.party === null ? 'unknown' : `${exchange.party.country_code}/${exchange.party.party_id}`;
    const payload: OcpiExchange = {
      ...exchange,
      request_body: redactCredentialsTokens(exchange.module, exchange.request_body),
      response_body: redactCredentialsTokens(exchange.module, exchange.response_body),
    };
    const value = await deps.serde.encode(topics.ocpiTraffic, { envelope: deps.envelopeOf({ key }), payload });
    await deps.bus.append([{ topic: topics.ocpiTraffic, key, value, timestamp: exchange.started_at }]);
  };
  return {
    record(exchange) {
      const appended = append(exchange).catch(deps.onFailure);
      inFlight.add(appended);
      void appended.finally(() => inFlight.delete(appended));
    },
    async flush() {
      await Promise.all([...inFlight]);
    },
  };
}
