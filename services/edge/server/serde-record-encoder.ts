import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { EdgeRecordEncoder } from './edge-log.ts';
import { connectionEventToWire, frameToWire } from './wire-records.ts';

/** The edge's records in the topics' Avro schemas, each with a fresh envelope event id. */
export function serdeRecordEncoder(deps: { serde: Serde; instanceId: string; newId: () => string }): EdgeRecordEncoder {
  const { serde, instanceId, newId } = deps;
  return {
    frame: (record) => {
      const wire = frameToWire(record, { eventId: newId(), instanceId });
      return serde.encodeNow(topics.ocppFrames, wire) ?? serde.encode(topics.ocppFrames, wire);
    },
    connectionEvent: (event) => serde.encode(topics.ocppEvents, connectionEventToWire(event, { eventId: newId(), instanceId })),
  };
}
