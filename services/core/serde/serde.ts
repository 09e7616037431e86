import type avro from 'avsc';
import type { TopicValues } from '../events/generated-types.ts';
import type { AvroSchema } from './avro-schema.ts';

/** Topics whose values have a schema (schemas/topics.json). */
export type SchemaTopic = keyof TopicValues;

/**
 * Turns topic values into bytes on the bus and back, in the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary). Decoding reads the writer schema named by the id and resolves it
 * into today's schema for the topic, so values written by older versions decode as today's shape.
 */
export interface Serde {
  encode<T extends SchemaTopic>(topic: T, value: TopicValues[T]): Promise<Buffer>;
  /**
   * `encode` without the wait, once the topic's writer schema id is known (after its first encode or
   * `registerTopics`); undefined before. For hot paths that record every frame: no promise per value.
   */
  encodeNow<T extends SchemaTopic>(topic: T, value: TopicValues[T]): Buffer | undefined;
  decode<T extends SchemaTopic>(topic: T, bytes: Uint8Array): Promise<TopicValues[T]>;
  /**
   * The value as written, not decoded: its Avro body and how it reads, once the body is checked well-formed
   * for its writer schema and that schema readable as today's. Throws where `decode` would.
   */
  checkEncoded<T extends SchemaTopic>(topic: T, bytes: Uint8Array): Promise<EncodedValue>;
}

/** How values of one topic written with one schema id read; one object per (topic, schema id). */
export interface AvroReading {
  readonly schemaId: number;
  /** The writer schema as the registry holds it. */
  readonly writerSchema: AvroSchema;
  readonly writer: avro.Type;
  /** Today's schema for the topic: where the writer lacks a field, its default applies. */
  readonly reader: avro.Type;
}

/** A value as written: its Avro body (after the wire header) and how it reads. */
export interface EncodedValue {
  readonly reading: AvroReading;
  readonly body: Uint8Array;
}
