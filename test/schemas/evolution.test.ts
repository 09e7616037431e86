import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAvroType, subjectOfTopic } from '../../services/core/serde/avro-schema.ts';
import { createAvroSerde } from '../../services/core/serde/avro-serde.ts';
import { checkCompatibility } from '../../services/core/serde/compatibility.ts';
import { openFileSchemaRegistry } from '../../services/core/serde/file-schema-registry.ts';
import type { SchemaCatalogue } from '../../services/core/serde/schema-catalogue.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';
import type { SchemaTopic } from '../../services/core/serde/serde.ts';
import { writeWireHeader } from '../../services/core/serde/wire-format.ts';
import { readGoldenVersions, type GoldenVersion } from './golden.ts';

let catalogue: SchemaCatalogue;
let goldenByTopic: Map<string, GoldenVersion[]>;
let directory: string;

beforeAll(async () => {
  catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
  goldenByTopic = new Map(await Promise.all([...catalogue.topics.keys()].map(async (topic) => [topic, await readGoldenVersions(subjectOfTopic(topic))] as const)));
  directory = await mkdtemp(join(tmpdir(), 'switchyard-evolution-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function framed(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  writeWireHeader(header, schemaId);
  return Buffer.concat([header, body]);
}

describe('schema evolution against the golden versions (test/schemas/golden)', () => {
  it("records today's schema of every topic as its latest golden version (else run test/schemas/add-golden-version.ts)", () => {
    for (const [topic, versions] of goldenByTopic) {
      expect(versions.length, `${topic} has no golden version`).toBeGreaterThan(0);
      expect(isDeepStrictEqual(versions.at(-1)?.schema, catalogue.topicSchema(topic)), `${topic}: schema changed since its latest golden version`).toBe(true);
    }
  });

  it("keeps today's schema BACKWARD compatible with every earlier version", () => {
    for (const [topic, versions] of goldenByTopic) {
      expect(checkCompatibility('BACKWARD_TRANSITIVE', catalogue.topicSchema(topic), versions), topic).toEqual({ compatible: true });
    }
  });

  it('has golden bytes that are exactly what each version writes for its examples', () => {
    for (const versions of goldenByTopic.values()) {
      for (const golden of versions) {
        const writer = compileAvroType(golden.schema);
        for (const example of golden.examples) {
          expect(writer.toBuffer(writer.fromString(example.json)).toString('base64'), `${golden.subject} v${golden.version}`).toBe(example.avro_base64);
        }
      }
    }
  });

  it("decodes every old version's bytes with today's reader through the serde", async () => {
    const registry = await openFileSchemaRegistry({ path: join(directory, 'schema-registry.json') });
    const serde = createAvroSerde({ registry, catalogue });
    for (const [topic, versions] of goldenByTopic) {
      const reader = compileAvroType(catalogue.topicSchema(topic));
      for (const golden of versions) {
        const schemaId = await registry.register(subjectOfTopic(topic), golden.schema);
        const writer = compileAvroType(golden.schema);
        for (const example of golden.examples) {
          const body = Buffer.from(example.avro_base64, 'base64');
          const decoded = await serde.decode(topic as SchemaTopic, framed(schemaId, body));
          expect(reader.isValid(decoded), `${golden.subject} v${golden.version}`).toBe(true);
          // Avro schema resolution: fields the old version lacks take today's defaults.
          expect(decoded, `${golden.subject} v${golden.version}`).toEqual(reader.fromBuffer(body, reader.createResolver(writer)));
          if (golden === versions.at(-1)) expect(decoded).toEqual(writer.fromString(example.json));
        }
      }
    }
  });

  it("checks every old version's bytes as written, and refuses them truncated or with trailing data", async () => {
    const registry = await openFileSchemaRegistry({ path: join(directory, 'schema-registry-check.json') });
    const serde = createAvroSerde({ registry, catalogue });
    for (const [topic, versions] of goldenByTopic) {
      for (const golden of versions) {
        const schemaId = await registry.register(subjectOfTopic(topic), golden.schema);
        for (const example of golden.examples) {
          const body = Buffer.from(example.avro_base64, 'base64');
          const checked = await serde.checkEncoded(topic as SchemaTopic, framed(schemaId, body));
          expect(Buffer.from(checked.body).equals(body), `${golden.subject} v${golden.version}`).toBe(true);
          expect(checked.reading.schemaId).toBe(schemaId);
          for (const corrupt of [body.subarray(0, body.length - 1), Buffer.concat([body, Buffer.from([0])])]) {
            await expect(serde.checkEncoded(topic as SchemaTopic, framed(schemaId, corrupt)), `${golden.subject} v${golden.version}`).rejects.toMatchObject({
              code: 'serde.corrupt',
              retriable: false,
            });
          }
        }
      }
    }
  });
});
