import type { BusRecord } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { TrackerInput } from '../tracking/session-tracker.ts';

/**
 * What the session-tracking projectors read, in the order a replay must read it: reference data to its
 * end first, so sessions bind to the same tariffs, locations and tokens whatever the interleaving of topics.
 */
export const referenceTopics = [topics.tariffs, topics.locations, topics.tokens] as const;
export const chargerEventTopics = [topics.ocppEvents] as const;
export const projectorInputTopics = [...referenceTopics, ...chargerEventTopics] as const;

/** A record of an input topic as the projection's input; null when it carries nothing (a tombstone of an event). */
export async function decodeProjectorInput(serde: Serde, record: BusRecord): Promise<TrackerInput | null> {
  switch (record.topic) {
    case topics.tariffs:
      return { kind: 'tariff', key: record.key, record: record.value === null ? null : await serde.decode(topics.tariffs, record.value) };
    case topics.locations:
      return { kind: 'location', key: record.key, record: record.value === null ? null : await serde.decode(topics.locations, record.value) };
    case topics.tokens:
      return { kind: 'token', key: record.key, record: record.value === null ? null : await serde.decode(topics.tokens, record.value) };
    case topics.ocppEvents:
      return record.value === null ? null : { kind: 'charger-event', event: await serde.decode(topics.ocppEvents, record.value) };
    default:
      throw new SwitchyardError('projector.unexpected_topic', `a projector got a record of ${record.topic}, which is not one of its inputs`, {
        retriable: false,
      });
  }
}
