import { describe, expect, it } from 'vitest';
import { compileAvroType, subjectOfTopic } from '../core/serde/avro-schema.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../core/serde/schema-files.ts';
import type { AvroReading } from '../core/serde/serde.ts';
import { readGoldenVersions } from '../../test/schemas/golden.ts';
import { planAvroInsert } from './avro-columns.ts';
import { frameColumns } from './frame-columns.ts';

const topic = 'switchyard.ocpp.frames';
const reader = compileAvroType((await loadSchemaCatalogue(repositorySchemasDirectory)).topicSchema(topic));
const versions = await readGoldenVersions(subjectOfTopic(topic));

function readingOf(version: number): AvroReading {
  const golden = versions.find((candidate) => candidate.version === version);
  if (golden === undefined) throw new Error(`no golden version ${version} of ${topic}`);
  return { schemaId: version, writerSchema: golden.schema, writer: compileAvroType(golden.schema), reader };
}

const expressionOf = (version: number, column: string) =>
  planAvroInsert(frameColumns, readingOf(version)).columns.find((candidate) => candidate.column === column)?.expression;

describe('planAvroInsert (ocpp_frames from frame records)', () => {
  it.each([
    [3, 'event_id', 'envelope.event_id'],
    [3, 'direction', 'toString(payload.direction)'],
    [3, 'received_at', "fromUnixTimestamp64Milli(payload.received_at, 'UTC')"],
    [3, 'upstream', 'payload.upstream'],
    [3, 'relayed_roles', 'arrayMap(element -> toString(element), payload.relayed_as.role)'],
    [2, 'upstream', 'payload.upstream'],
    [2, 'relayed_upstreams', '[]'],
    [1, 'upstream', 'NULL'],
    [1, 'relayed_message_ids', '[]'],
    [1, 'relayed_roles', 'arrayMap(element -> toString(element), [])'],
  ])('given records written by version %i, reads %s as %s', (version, column, expression) => {
    expect(expressionOf(version, column)).toBe(expression);
  });

  it("given a writer, reads it with the writer's own structure", () => {
    expect(planAvroInsert(frameColumns, readingOf(1)).structure).not.toContain('upstream');
    expect(planAvroInsert(frameColumns, readingOf(3)).structure).toContain('relayed_as Array(Tuple(upstream String');
  });

  it("given a mapping naming a field today's schema lacks, refuses it without retrying", () => {
    const mapping = { table: 'ocpp_frames', columns: [{ column: 'charger_id', path: ['payload', 'charger'] }] } as const;
    expect(() => planAvroInsert(mapping, readingOf(3))).toThrow(expect.objectContaining({ code: 'history.unmapped_field', retriable: false }));
  });
});
