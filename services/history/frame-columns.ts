import type { AvroColumn, AvroTableMapping } from './avro-columns.ts';

/** An enum as its symbol: ocpp_frames keeps enums as String. */
const symbol = (field: string): string => `toString(${field})`;
const symbols = (field: string): string => `arrayMap(element -> toString(element), ${field})`;
const time = (field: string): string => `fromUnixTimestamp64Milli(${field}, 'UTC')`;

const payload = (name: string, convert?: (field: string) => string): AvroColumn => ({
  column: name,
  path: ['payload', name],
  ...(convert === undefined ? {} : { convert }),
});

/** A raw frame record as its ocpp_frames row: envelope and validation flattened, relays as parallel arrays. */
export const frameColumns: AvroTableMapping = {
  table: 'ocpp_frames',
  columns: [
    { column: 'event_id', path: ['envelope', 'event_id'] },
    payload('charger_id'),
    payload('connection_id'),
    payload('direction', symbol),
    payload('protocol'),
    payload('message_type', symbol),
    payload('message_id'),
    payload('action'),
    payload('text'),
    payload('received_at', time),
    { column: 'recorded_at', path: ['envelope', 'recorded_at'], convert: time },
    { column: 'validation', path: ['payload', 'validation', 'status'], convert: symbol },
    { column: 'error_code', path: ['payload', 'validation', 'error_code'] },
    { column: 'error_description', path: ['payload', 'validation', 'error_description'] },
    payload('quirks_applied'),
    { column: 'source_instance', path: ['envelope', 'source', 'instance_id'] },
    payload('upstream'),
    { column: 'relayed_upstreams', path: ['payload', 'relayed_as', 'upstream'] },
    { column: 'relayed_roles', path: ['payload', 'relayed_as', 'role'], convert: symbols },
    { column: 'relayed_message_ids', path: ['payload', 'relayed_as', 'message_id'] },
  ],
};
