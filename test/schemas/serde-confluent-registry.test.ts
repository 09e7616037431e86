import { SchemaRegistry as ConfluentClient } from '@kafkajs/confluent-schema-registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subjectOfTopic } from '../../services/core/serde/avro-schema.ts';
import { createAvroSerde } from '../../services/core/serde/avro-serde.ts';
import { connectConfluentSchemaRegistry } from '../../services/core/serde/confluent-schema-registry.ts';
import type { SchemaCatalogue } from '../../services/core/serde/schema-catalogue.ts';
import { buildSchemaCatalogue } from '../../services/core/serde/schema-catalogue.ts';
import { loadSchemaCatalogue, readSchemaFiles, readTopicRoots, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';
import type { SchemaTopic } from '../../services/core/serde/serde.ts';
import { startSchemaRegistry } from '../support/schema-registry.ts';
import { topicExamples } from './examples.ts';

let registryServer: { url: string; stop(): Promise<void> };
let catalogue: SchemaCatalogue;

beforeEach(async () => {
  registryServer = await startSchemaRegistry();
  catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
});

afterEach(async () => {
  await registryServer.stop();
});

describe('serde with @kafkajs/confluent-schema-registry against the registry server', () => {
  it('round-trips an example of every record of every topic', async () => {
    const serde = createAvroSerde({ registry: connectConfluentSchemaRegistry({ url: registryServer.url }), catalogue });
    for (const topic of Object.keys(topicExamples) as SchemaTopic[]) {
      for (const value of topicExamples[topic]) {
        expect(await serde.decode(topic, await serde.encode(topic, value as never)), topic).toEqual(value);
      }
    }
  });

  it('writes bytes any Confluent client decodes, and decodes bytes a Confluent client wrote', async () => {
    const serde = createAvroSerde({ registry: connectConfluentSchemaRegistry({ url: registryServer.url }), catalogue });
    const library = new ConfluentClient({ host: registryServer.url });
    const [event] = topicExamples['switchyard.ocpp.events'];

    const ours = await serde.encode('switchyard.ocpp.events', event as never);
    expect(await library.decode(ours)).toEqual(event);

    const schemaId = ours.readUInt32BE(1);
    const theirs = await library.encode(schemaId, event);
    expect(theirs).toEqual(ours);
    expect(await serde.decode('switchyard.ocpp.events', theirs)).toEqual(event);
  });

  it('registers subjects with the BACKWARD compatibility level', async () => {
    const serde = createAvroSerde({ registry: connectConfluentSchemaRegistry({ url: registryServer.url }), catalogue });
    await serde.registerTopics(['switchyard.chargers']);
    const response = await fetch(`${registryServer.url}/config/${subjectOfTopic('switchyard.chargers')}`);
    expect(await response.json()).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('refuses an incompatible schema change with the registry’s reason, not retriable', async () => {
    await createAvroSerde({ registry: connectConfluentSchemaRegistry({ url: registryServer.url }), catalogue }).registerTopics(['switchyard.chargers']);
    const [files, topicRoots] = await Promise.all([readSchemaFiles(repositorySchemasDirectory), readTopicRoots(repositorySchemasDirectory)]);
    const incompatible = buildSchemaCatalogue(
      files.map((file) => {
        const json = file.json as { name?: string; fields?: unknown[] };
        return json.name === 'Charger' ? { ...file, json: { ...json, fields: [...(json.fields ?? []), { name: 'site_id', type: 'string' }] } } : file;
      }),
      topicRoots,
    );
    const serde = createAvroSerde({ registry: connectConfluentSchemaRegistry({ url: registryServer.url }), catalogue: incompatible });

    const refusal = serde.registerTopics(['switchyard.chargers']);

    await expect(refusal).rejects.toMatchObject({ code: 'schema.incompatible', retriable: false });
    await expect(refusal).rejects.toThrow(/incompatible with an earlier schema for subject "switchyard\.chargers-value".*site_id/);
  });

  it('reports an unreachable registry as retriable', async () => {
    const stopped = await startSchemaRegistry();
    await stopped.stop();
    const registry = connectConfluentSchemaRegistry({ url: stopped.url });
    await expect(registry.register('switchyard.chargers-value', catalogue.topicSchema('switchyard.chargers'))).rejects.toMatchObject({
      code: 'schema_registry.unavailable',
      retriable: true,
    });
  });
});
