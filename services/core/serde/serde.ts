import type { TopicValues } from '../events/generated-types.ts';

/** Topics whose values have a schema (schemas/topics.json). */
export type SchemaTopic = keyof TopicValues;

/**
 * Turns topic values into bytes on the bus and back, in the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary). Decoding reads the writer schema named by the id and resolves it
 * into today's schema for the topic, so values written by older versions decode as today's shape.
 */
export interface Serde {
  encode<T extends SchemaTopic>(topic: T, value: TopicValues[T]): Promise<Buffer>;
  decode<T extends SchemaTopic>(topic: T, bytes: Uint8Array): Promise<TopicValues[T]>;
}
