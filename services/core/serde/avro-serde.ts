import type avro from 'avsc';
import { SwitchyardError } from '../errors.ts';
import type { TopicValues } from '../events/generated-types.ts';
import { compileAvroBodyCheck, isMalformedBody, type AvroBodyCheck } from './avro-body-check.ts';
import { compileAvroType, subjectOfTopic, type AvroSchema } from './avro-schema.ts';
import type { SchemaCatalogue } from './schema-catalogue.ts';
import type { SchemaRegistry } from './schema-registry.ts';
import type { AvroReading, EncodedValue, SchemaTopic, Serde } from './serde.ts';
import { asBuffer, readSchemaId, wireHeaderLength, writeWireHeader } from './wire-format.ts';

export interface AvroSerde extends Serde {
  /** Registers the topics' schemas now (at start-up), so an incompatible schema stops the process early. */
  registerTopics(topics: readonly SchemaTopic[]): Promise<void>;
}

interface TopicWriter {
  readonly schemaId: number;
  readonly type: avro.Type;
}

interface WriterSchema {
  readonly schema: AvroSchema;
  readonly type: avro.Type;
}

/** How bytes written with one schema id become today's value for one topic, or are checked as they are. */
type Reading = ({ readonly kind: 'same' } | { readonly kind: 'resolve'; readonly resolver: avro.Resolver }) & {
  readonly encoded: AvroReading;
  /** Built on the first `checkEncoded`: consumers that decode never pay for it. */
  check?: AvroBodyCheck;
};

const initialScratchBytes = 64 * 1024;

export function createAvroSerde(deps: { readonly registry: SchemaRegistry; readonly catalogue: SchemaCatalogue }): AvroSerde {
  const { registry, catalogue } = deps;
  const topicTypes = new Map<string, avro.Type>();
  const writers = new Map<string, TopicWriter>();
  const pendingWriters = new Map<string, Promise<TopicWriter>>();
  const writerSchemas = new Map<number, Promise<WriterSchema>>();
  const readings = new Map<string, Map<number, Reading>>();
  // Encoding goes through one reusable buffer; each result is one exact-size copy out of it.
  let scratch = Buffer.allocUnsafe(initialScratchBytes);

  const topicType = (topic: string): avro.Type => {
    let type = topicTypes.get(topic);
    if (type === undefined) {
      type = compileAvroType(catalogue.topicSchema(topic));
      topicTypes.set(topic, type);
    }
    return type;
  };

  const writerFor = (topic: string): Promise<TopicWriter> => {
    let pending = pendingWriters.get(topic);
    if (pending === undefined) {
      pending = (async () => {
        const type = topicType(topic);
        const schemaId = await registry.register(subjectOfTopic(topic), catalogue.topicSchema(topic));
        const writer = { schemaId, type };
        writers.set(topic, writer);
        return writer;
      })();
      // A failed registration (registry down) is tried again by the next encode.
      pending.catch(() => pendingWriters.delete(topic));
      pendingWriters.set(topic, pending);
    }
    return pending;
  };

  const frame = (topic: string, writer: TopicWriter, value: unknown): Buffer => {
    let end: number;
    try {
      end = writer.type.encode(value, scratch, wireHeaderLength);
      while (end < wireHeaderLength) {
        scratch = Buffer.allocUnsafe(2 * (scratch.length - end));
        end = writer.type.encode(value, scratch, wireHeaderLength);
      }
    } catch (error) {
      throw invalidValueError(topic, writer.type, value, error);
    }
    writeWireHeader(scratch, writer.schemaId);
    const bytes = Buffer.allocUnsafe(end);
    scratch.copy(bytes, 0, 0, end);
    return bytes;
  };

  const writerSchemaOf = (schemaId: number): Promise<WriterSchema> => {
    let pending = writerSchemas.get(schemaId);
    if (pending === undefined) {
      pending = registry.schemaById(schemaId).then((schema) => ({ schema, type: compileAvroType(schema) }));
      pending.catch(() => writerSchemas.delete(schemaId));
      writerSchemas.set(schemaId, pending);
    }
    return pending;
  };

  const readingsOf = (topic: string): Map<number, Reading> => {
    let ofTopic = readings.get(topic);
    if (ofTopic === undefined) {
      ofTopic = new Map();
      readings.set(topic, ofTopic);
    }
    return ofTopic;
  };

  const readingFor = async (topic: string, schemaId: number): Promise<Reading> => {
    const known = readingsOf(topic).get(schemaId);
    if (known !== undefined) return known;
    const reader = topicType(topic);
    const writer = await writerSchemaOf(schemaId);
    const encoded: AvroReading = { schemaId, writerSchema: writer.schema, writer: writer.type, reader };
    let reading: Reading;
    if (reader.equals(writer.type)) {
      reading = { kind: 'same', encoded };
    } else {
      try {
        reading = { kind: 'resolve', resolver: reader.createResolver(writer.type), encoded };
      } catch (error) {
        throw new SwitchyardError('serde.unreadable', `values written with schema id ${schemaId} cannot be read as today's ${topic} schema: ${(error as Error).message}`, {
          retriable: false,
          cause: error,
        });
      }
    }
    readingsOf(topic).set(schemaId, reading);
    return reading;
  };

  return {
    async encode<T extends SchemaTopic>(topic: T, value: TopicValues[T]): Promise<Buffer> {
      const writer = writers.get(topic) ?? (await writerFor(topic));
      return frame(topic, writer, value);
    },

    encodeNow<T extends SchemaTopic>(topic: T, value: TopicValues[T]): Buffer | undefined {
      const writer = writers.get(topic);
      return writer === undefined ? undefined : frame(topic, writer, value);
    },

    async decode<T extends SchemaTopic>(topic: T, bytes: Uint8Array): Promise<TopicValues[T]> {
      const buffer = asBuffer(bytes);
      const schemaId = readSchemaId(buffer);
      const reading = readingsOf(topic).get(schemaId) ?? (await readingFor(topic, schemaId));
      const reader = topicType(topic);
      try {
        // Decoding in place (no subarray per value): consumers decode every record they read.
        const { value, offset } =
          reading.kind === 'same' ? reader.decode(buffer, wireHeaderLength) : reader.decode(buffer, wireHeaderLength, reading.resolver);
        if (offset !== buffer.length) throw new Error(offset < 0 ? 'truncated buffer' : 'trailing data');
        return value as TopicValues[T];
      } catch (error) {
        throw new SwitchyardError('serde.corrupt', `cannot decode a ${topic} value written with schema id ${schemaId}: ${(error as Error).message}`, {
          retriable: false,
          cause: error,
        });
      }
    },

    async checkEncoded<T extends SchemaTopic>(topic: T, bytes: Uint8Array): Promise<EncodedValue> {
      const buffer = asBuffer(bytes);
      const schemaId = readSchemaId(buffer);
      const reading = readingsOf(topic).get(schemaId) ?? (await readingFor(topic, schemaId));
      reading.check ??= compileAvroBodyCheck(reading.encoded.writer);
      try {
        reading.check(buffer, wireHeaderLength);
      } catch (error) {
        if (!isMalformedBody(error)) throw error;
        throw new SwitchyardError('serde.corrupt', `a ${topic} value written with schema id ${schemaId} is malformed: ${error.message}`, {
          retriable: false,
          cause: error,
        });
      }
      return { reading: reading.encoded, body: buffer.subarray(wireHeaderLength) };
    },

    async registerTopics(topics) {
      await Promise.all(topics.map((topic) => writerFor(topic)));
    },
  };
}

function invalidValueError(topic: string, type: avro.Type, value: unknown, cause: unknown): SwitchyardError {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path, invalid) => problems.push(`${path.join('.') || '(root)'} = ${JSON.stringify(invalid) ?? String(invalid)}`),
  });
  const detail = problems.length > 0 ? problems.join('; ') : (cause as Error).message;
  return new SwitchyardError('serde.invalid_value', `value does not match the ${topic} schema (${type.name ?? type.typeName}): ${detail}`, {
    retriable: false,
    cause,
  });
}
