import type { AvroSchema } from './avro-schema.ts';

/**
 * Where schema ids come from. Adapters: a file-backed registry inside the process (embedded mode) and a
 * Confluent Schema Registry over HTTP (distributed mode).
 *
 * Errors are SwitchyardError. Not retriable (something must change first): 'schema.incompatible',
 * 'schema.invalid', 'schema.unknown_id', 'schema_registry.unauthorized', 'schema_registry.misconfigured',
 * 'schema_registry.corrupt', 'schema_registry.failed'. Retriable: 'schema_registry.unavailable'.
 */
export interface SchemaRegistry {
  /** Registers the schema under the subject (idempotent) and returns its id. */
  register(subject: string, schema: AvroSchema): Promise<number>;
  /** The writer schema with that id. */
  schemaById(id: number): Promise<AvroSchema>;
}
