import type { JsonObject } from '../protocol/frame.ts';
import type { DomainEventBody } from './domain-events.ts';

/** Turns one validated call and the answer the CSMS sent into domain event bodies. */
export type ActionNormalizer = (payload: JsonObject, answer: JsonObject, receivedAt: number) => DomainEventBody[];

/** Optional OCPP fields become explicit nulls in the domain model. */
export function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}
