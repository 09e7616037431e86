import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../services/core/errors.ts';
import type { ChargerRecord } from '../../services/core/events/generated-types.ts';
import { compileAvroType, subjectOfTopic } from '../../services/core/serde/avro-schema.ts';
import { createAvroSerde } from '../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../services/core/serde/file-schema-registry.ts';
import { buildSchemaCatalogue, type SchemaCatalogue, type SchemaFile } from '../../services/core/serde/schema-catalogue.ts';
import { readSchemaFiles, readTopicRoots, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';
import type { SchemaTopic } from '../../services/core/serde/serde.ts';
import { topicExamples } from './examples.ts';

let directory: string;
let registryPath: string;
let files: SchemaFile[];
let topicRoots: Record<string, string>;
let catalogue: SchemaCatalogue;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-serde-'));
  registryPath = join(directory, 'schema-registry.json');
  [files, topicRoots] = await Promise.all([readSchemaFiles(repositorySchemasDirectory), readTopicRoots(repositorySchemasDirectory)]);
  catalogue = buildSchemaCatalogue(files, topicRoots);
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** The repository schemas with the Charger record's fields changed. */
function catalogueWithChargerFields(change: (fields: readonly { name: string }[]) => unknown[]): SchemaCatalogue {
  const changed = files.map((file) => {
    const json = file.json as { name?: string; fields?: { name: string }[] };
    return json.name === 'Charger' ? { ...file, json: { ...json, fields: change(json.fields ?? []) } } : file;
  });
  return buildSchemaCatalogue(changed, topicRoots);
}

const topicsWithExamples = Object.keys(topicExamples) as SchemaTopic[];

describe('serde with the file-backed registry', () => {
  it('round-trips an example of every record of every topic', async () => {
    const serde = createAvroSerde({ registry: await openFileSchemaRegistry({ path: registryPath }), catalogue });
    for (const topic of topicsWithExamples) {
      for (const value of topicExamples[topic]) {
        const bytes = await serde.encode(topic, value as never);
        expect(await serde.decode(topic, bytes), topic).toEqual(value);
        // Bus adapters may hand back a plain Uint8Array view rather than a Buffer.
        expect(await serde.decode(topic, new Uint8Array(bytes)), topic).toEqual(value);
      }
    }
  });

  it('encodes at once only once the topic\'s schema id is known, to the same bytes as encode', async () => {
    const serde = createAvroSerde({ registry: await openFileSchemaRegistry({ path: registryPath }), catalogue });
    const [frames, events]: SchemaTopic[] = ['switchyard.ocpp.frames', 'switchyard.ocpp.events'];
    if (frames === undefined || events === undefined) throw new Error('unreachable');
    const [frame] = topicExamples[frames];
    const [event] = topicExamples[events];
    expect(serde.encodeNow(frames, frame as never)).toBeUndefined();
    const encoded = await serde.encode(frames, frame as never);
    expect(serde.encodeNow(frames, frame as never)).toEqual(encoded);
    expect(serde.encodeNow(events, event as never)).toBeUndefined();
    await serde.registerTopics([events]);
    expect(serde.encodeNow(events, event as never)).toEqual(await serde.encode(events, event as never));
    expect(() => serde.encodeNow(frames, { ...(frame as object), payload: null } as never)).toThrow(SwitchyardError);
  });

  it('writes the Confluent wire format: magic byte 0, big-endian schema id, Avro binary body', async () => {
    const registry = await openFileSchemaRegistry({ path: registryPath });
    const serde = createAvroSerde({ registry, catalogue });
    const topic = 'switchyard.ocpp.commands';
    const [value] = topicExamples[topic];
    await serde.encode('switchyard.ocpp.frames', topicExamples['switchyard.ocpp.frames'][0] as never);

    const bytes = await serde.encode(topic, value as never);

    const schemaId = await registry.register(subjectOfTopic(topic), catalogue.topicSchema(topic));
    expect(schemaId).toBe(2);
    const body = compileAvroType(catalogue.topicSchema(topic)).toBuffer(value);
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 2]));
    expect(bytes.subarray(5)).toEqual(body);
  });

  it('keeps subjects and ids in its file across restarts', async () => {
    const first = createAvroSerde({ registry: await openFileSchemaRegistry({ path: registryPath }), catalogue });
    await first.registerTopics(['switchyard.ocpp.frames', 'switchyard.ocpp.events']);
    const written = await first.encode('switchyard.ocpp.events', topicExamples['switchyard.ocpp.events'][0] as never);

    const stored = JSON.parse(await readFile(registryPath, 'utf8')) as { subjects: Record<string, unknown> };
    expect(Object.keys(stored.subjects).sort()).toEqual(['switchyard.ocpp.events-value', 'switchyard.ocpp.frames-value']);

    const reopened = await openFileSchemaRegistry({ path: registryPath });
    expect(await reopened.register('switchyard.ocpp.events-value', catalogue.topicSchema('switchyard.ocpp.events'))).toBe(2);
    const second = createAvroSerde({ registry: reopened, catalogue });
    expect(await second.decode('switchyard.ocpp.events', written)).toEqual(topicExamples['switchyard.ocpp.events'][0]);
  });

  it('decodes bytes written with an older schema version into today’s shape', async () => {
    const registry = await openFileSchemaRegistry({ path: registryPath });
    const older = catalogueWithChargerFields((fields) => fields.filter((field) => field.name !== 'labels' && field.name !== 'quirk_rules'));
    const olderSchema = older.topicSchema('switchyard.chargers');
    const olderId = await registry.register(subjectOfTopic('switchyard.chargers'), olderSchema);
    const today = topicExamples['switchyard.chargers'][0] as ChargerRecord;
    const { labels: _labels, quirk_rules: _quirkRules, ...olderPayload } = today.payload;
    const olderBytes = Buffer.concat([Buffer.from([0, 0, 0, 0, olderId]), compileAvroType(olderSchema).toBuffer({ ...today, payload: olderPayload })]);

    const serde = createAvroSerde({ registry, catalogue });
    const decoded = await serde.decode('switchyard.chargers', olderBytes);

    expect(decoded).toEqual({ ...today, payload: { ...today.payload, labels: {}, quirk_rules: [] } });
    // Today's schema registered as version 2 of the subject: compatible with the older one.
    await expect(serde.registerTopics(['switchyard.chargers'])).resolves.toBeUndefined();
  });

  it('refuses an incompatible schema change with a clear, non-retriable error', async () => {
    await createAvroSerde({ registry: await openFileSchemaRegistry({ path: registryPath }), catalogue }).registerTopics(['switchyard.chargers']);
    const incompatible = catalogueWithChargerFields((fields) => [...fields, { name: 'site_id', type: 'string' }]);
    const serde = createAvroSerde({ registry: await openFileSchemaRegistry({ path: registryPath }), catalogue: incompatible });

    const refusal = serde.encode('switchyard.chargers', topicExamples['switchyard.chargers'][0] as never);

    await expect(refusal).rejects.toBeInstanceOf(SwitchyardError);
    await expect(refusal).rejects.toMatchObject({ code: 'schema.incompatible', retriable: false });
    await expect(refusal).rejects.toThrow(
      /Schema being registered is incompatible with an earlier schema for subject "switchyard\.chargers-value" \(compatibility BACKWARD\).*site_id/,
    );
  });

  it('names the offending field of a value that does not match the schema', async () => {
    const serde = createAvroSerde({ registry: await openFileSchemaRegistry({ path: registryPath }), catalogue });
    const [example] = topicExamples['switchyard.ocpp.commands'];
    const broken = { ...example, payload: { ...example?.payload, timeout_ms: 'soon' } };

    const refusal = serde.encode('switchyard.ocpp.commands', broken as never);

    await expect(refusal).rejects.toMatchObject({ code: 'serde.invalid_value', retriable: false });
    await expect(refusal).rejects.toThrow(/payload\.timeout_ms = "soon"/);
  });

  it.each([
    { given: 'a wrong magic byte', bytes: Buffer.from([1, 0, 0, 0, 1, 2]), code: 'serde.not_wire_format' },
    { given: 'fewer than five bytes', bytes: Buffer.from([0, 0, 0]), code: 'serde.not_wire_format' },
    { given: 'an unknown schema id', bytes: Buffer.from([0, 0, 0, 0, 99, 2]), code: 'schema.unknown_id' },
    { given: 'a truncated body', bytes: Buffer.from([0, 0, 0, 0, 1, 2]), code: 'serde.corrupt' },
  ])('refuses to decode $given', async ({ bytes, code }) => {
    const serde = createAvroSerde({ registry: await openFileSchemaRegistry({ path: registryPath }), catalogue });
    await serde.registerTopics(['switchyard.ocpp.commands']);
    await expect(serde.decode('switchyard.ocpp.commands', bytes)).rejects.toMatchObject({ code, retriable: false });
  });
});
