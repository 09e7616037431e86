import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { DomainEvent } from '../normalize/domain-events.ts';
import type { ConnectionIdentity } from './charger-connection.ts';
import { domainEventToWire } from './domain-event-wire.ts';
import type { EncodedRecord } from './edge-log.ts';

export type EncodeDomainEvents = (identity: Pick<ConnectionIdentity, 'chargerId' | 'connectionId'>, events: readonly DomainEvent[]) => Promise<EncodedRecord[]>;

/**
 * Domain events as records of the events topic, stamped with this edge's instance and a fresh event id
 * each. Encoded at once when the serde can (it knows the topic's schema id): most calls derive an event
 * or two, and a promise per event would cost more than its encoding.
 */
export function domainEventEncoder(deps: { readonly serde: Serde; readonly instanceId: string; readonly newId: () => string }): EncodeDomainEvents {
  return (identity, events) => {
    const wires = events.flatMap((event) => domainEventToWire(event, { instanceId: deps.instanceId, connectionId: identity.connectionId, newId: deps.newId }));
    const recordOf = (value: Buffer): EncodedRecord => ({ topic: topics.ocppEvents, key: identity.chargerId, value });
    const encodedNow: EncodedRecord[] = [];
    try {
      for (const wire of wires) {
        const value = deps.serde.encodeNow(topics.ocppEvents, wire);
        if (value === undefined) return Promise.all(wires.map((each) => deps.serde.encode(topics.ocppEvents, each).then(recordOf)));
        encodedNow.push(recordOf(value));
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve(encodedNow);
  };
}
