import avro from 'avsc';

/** A JSON Avro schema as written in an .avsc file or sent to a registry. */
export type AvroSchema = string | readonly AvroSchema[] | { readonly [attribute: string]: unknown };

/**
 * One set of avsc options everywhere a type is built, so every process sees the same JavaScript shapes:
 * unions of null and one type are plain values, unions of several records are wrapped as
 * `{ 'full.Name': value }` (the Avro JSON encoding), longs are numbers (epoch ms fit), records are plain
 * objects without generated methods.
 */
export const avroTypeOptions = { wrapUnions: 'auto', omitRecordMethods: true } as const;

export function compileAvroType(schema: AvroSchema, registry: Record<string, avro.Type> = {}): avro.Type {
  // avsc's own schema typings are narrower than the JSON it accepts; the shape is checked by avsc itself.
  return avro.Type.forSchema(schema as Parameters<typeof avro.Type.forSchema>[0], { ...avroTypeOptions, registry });
}

/** TopicNameStrategy: the value schema of topic T is registered under subject `T-value`. */
export function subjectOfTopic(topic: string): string {
  return `${topic}-value`;
}
