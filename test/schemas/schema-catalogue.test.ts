import type avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { deadLetterTopicOf } from '../../services/core/bus/event-bus.ts';
import { topicCatalogue } from '../../services/core/bus/topic-catalogue.ts';
import { compileAvroType } from '../../services/core/serde/avro-schema.ts';
import { buildSchemaCatalogue, SchemaDefinitionError, type SchemaFile } from '../../services/core/serde/schema-catalogue.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';

const record = (namespace: string, name: string, fields: readonly unknown[]) => ({ type: 'record', name, namespace, fields });

describe('the repository schemas', () => {
  // The edge's id-block topic carries no values (only offsets count).
  // Dead-letter topics carry their source topic's bytes unchanged.
  const topicsWithoutValueSchema = new Set(['switchyard.edge.transaction-id-blocks']);

  it('describe the values of every topic of the topic catalogue', async () => {
    const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
    const described = topicCatalogue
      .map((spec) => spec.name)
      .filter((name) => name !== deadLetterTopicOf(name.replace(/\.dlq$/, '')) && !topicsWithoutValueSchema.has(name))
      .sort();
    expect([...catalogue.topics.keys()].sort()).toEqual(described);
    for (const root of catalogue.topics.values()) expect(root).toMatch(/^io\.switchyard\./);
  });

  it('define no type that no topic uses', async () => {
    const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
    const used = new Set<string>();
    for (const topic of catalogue.topics.keys()) {
      const registry: Record<string, avro.Type> = {};
      compileAvroType(catalogue.topicSchema(topic), registry);
      for (const name of Object.keys(registry)) used.add(name);
    }
    const unused = [...catalogue.definitions.keys()].filter((name) => !used.has(name));
    expect(unused).toEqual([]);
  });

  it('put the envelope first in every topic record', async () => {
    const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
    for (const topic of catalogue.topics.keys()) {
      const schema = catalogue.topicSchema(topic) as { fields: { name: string; type: { name?: string } }[] };
      expect(schema.fields[0]?.name, topic).toBe('envelope');
      expect(schema.fields[0]?.type.name, topic).toBe('Envelope');
    }
  });
});

describe('inlining named references', () => {
  const files: SchemaFile[] = [
    { path: 'common/Money.avsc', json: record('io.switchyard', 'Money', [{ name: 'cents', type: 'long' }]) },
    {
      path: 'shop/Order.avsc',
      json: record('io.switchyard.shop', 'Order', [
        { name: 'total', type: 'io.switchyard.Money' },
        { name: 'refunds', type: { type: 'array', items: 'io.switchyard.Money' } },
        { name: 'state', type: 'State' },
      ]),
    },
    { path: 'shop/State.avsc', json: { type: 'enum', name: 'State', namespace: 'io.switchyard.shop', symbols: ['OPEN', 'PAID'] } },
  ];

  it('defines each type once at first use, then refers to it by full name', () => {
    const catalogue = buildSchemaCatalogue(files, { 'shop.orders': 'io.switchyard.shop.Order' });
    expect(catalogue.topicSchema('shop.orders')).toEqual(
      record('io.switchyard.shop', 'Order', [
        { name: 'total', type: record('io.switchyard', 'Money', [{ name: 'cents', type: 'long' }]) },
        { name: 'refunds', type: { type: 'array', items: 'io.switchyard.Money' } },
        { name: 'state', type: { type: 'enum', name: 'State', namespace: 'io.switchyard.shop', symbols: ['OPEN', 'PAID'] } },
      ]),
    );
  });

  it.each([
    {
      given: 'a named type defined inline',
      files: [{ path: 'A.avsc', json: record('io.switchyard', 'A', [{ name: 'b', type: { type: 'enum', name: 'B', symbols: ['X'] } }]) }],
      error: /define named types in their own .avsc file/,
    },
    { given: 'a file named differently from its type', files: [{ path: 'x/Other.avsc', json: record('io.switchyard', 'A', []) }], error: /must be named after its type/ },
    { given: 'a type outside io.switchyard', files: [{ path: 'A.avsc', json: record('com.example', 'A', []) }], error: /outside io.switchyard/ },
    { given: 'two files defining one type', files: [{ path: 'a/A.avsc', json: record('io.switchyard', 'A', []) }, { path: 'b/A.avsc', json: record('io.switchyard', 'A', []) }], error: /defined twice/ },
    { given: 'a reference to an undefined type', files: [{ path: 'A.avsc', json: record('io.switchyard', 'A', [{ name: 'b', type: 'io.switchyard.B' }]) }], error: /unknown type io.switchyard.B/ },
    { given: 'a file that is not a named type', files: [{ path: 'A.avsc', json: { type: 'array', items: 'string' } }], error: /exactly one named type/ },
    { given: 'an invalid default', files: [{ path: 'A.avsc', json: record('io.switchyard', 'A', [{ name: 'n', type: 'int', default: 'x' }]) }], error: /not valid Avro/ },
  ])('refuses $given', ({ files: given, error }) => {
    expect(() => buildSchemaCatalogue(given, { topic: 'io.switchyard.A' })).toThrow(SchemaDefinitionError);
    expect(() => buildSchemaCatalogue(given, { topic: 'io.switchyard.A' })).toThrow(error);
  });
});
