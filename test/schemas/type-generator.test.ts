import { describe, expect, it } from 'vitest';
import { generateTypeScript } from '../../services/core/events/type-generator.ts';
import { buildSchemaCatalogue } from '../../services/core/serde/schema-catalogue.ts';

const wrapper = (fields: readonly unknown[]) => ({
  path: 'Wrapper.avsc',
  json: { type: 'record', name: 'Wrapper', namespace: 'io.switchyard.test', doc: 'Test record.', fields },
});
const files = [
  { path: 'A.avsc', json: { type: 'record', name: 'A', namespace: 'io.switchyard.test', fields: [{ name: 'n', type: 'int' }] } },
  { path: 'B.avsc', json: { type: 'record', name: 'B', namespace: 'io.switchyard.test', fields: [{ name: 's', type: 'string' }] } },
  { path: 'Color.avsc', json: { type: 'enum', name: 'Color', namespace: 'io.switchyard.test', symbols: ['RED', 'GREEN'] } },
];

describe('TypeScript generation', () => {
  it.each([
    { given: 'a long with a logical type', type: { type: 'long', logicalType: 'timestamp-millis' }, then: '  readonly field: number;' },
    { given: 'a nullable string', type: ['null', 'string'], then: '  readonly field: string | null;' },
    { given: 'bytes', type: 'bytes', then: '  readonly field: Buffer;' },
    { given: 'an array of records', type: { type: 'array', items: 'io.switchyard.test.A' }, then: '  readonly field: readonly A[];' },
    { given: 'an array of nullable numbers', type: { type: 'array', items: ['null', 'double'] }, then: '  readonly field: ReadonlyArray<number | null>;' },
    { given: 'a map', type: { type: 'map', values: 'long' }, then: '  readonly field: Readonly<Record<string, number>>;' },
    { given: 'an enum', type: 'io.switchyard.test.Color', then: '  readonly field: Color;' },
    { given: 'a nullable record', type: ['null', 'io.switchyard.test.A'], then: '  readonly field: A | null;' },
    { given: 'a union of records (wrapped by avsc)', type: ['io.switchyard.test.A', 'io.switchyard.test.B'], then: '  readonly field: Wrapped<WrapperFieldBranches>;' },
    { given: 'a nullable union of records', type: ['null', 'io.switchyard.test.A', 'io.switchyard.test.B'], then: '  readonly field: Wrapped<WrapperFieldBranches> | null;' },
  ])('given $given, declares the field as avsc represents it', ({ type, then }) => {
    const catalogue = buildSchemaCatalogue([...files, wrapper([{ name: 'field', type, doc: 'The field.' }])], { topic: 'io.switchyard.test.Wrapper' });
    const output = generateTypeScript(catalogue);
    expect(output).toContain(`/** Test record. */\nexport interface Wrapper {\n  /** The field. */\n${then}\n}`);
  });

  it('names the branches of a wrapped union by full name, and declares enums with their symbols', () => {
    const catalogue = buildSchemaCatalogue([...files, wrapper([{ name: 'field', type: ['io.switchyard.test.A', 'io.switchyard.test.B'] }])], {
      topic: 'io.switchyard.test.Wrapper',
    });
    const output = generateTypeScript(catalogue);
    expect(output).toContain("export interface WrapperFieldBranches {\n  readonly 'io.switchyard.test.A': A;\n  readonly 'io.switchyard.test.B': B;\n}");
    expect(output).toContain("export const colorSymbols = ['RED', 'GREEN'] as const;\nexport type Color = (typeof colorSymbols)[number];");
    expect(output).toContain("export interface TopicValues {\n  readonly 'topic': Wrapper;\n}");
  });

  it('refuses two types that would share a TypeScript name', () => {
    const twin = { path: 'other/A.avsc', json: { type: 'record', name: 'A', namespace: 'io.switchyard.other', fields: [] } };
    const catalogue = buildSchemaCatalogue([...files, twin, wrapper([{ name: 'field', type: 'io.switchyard.other.A' }])], { topic: 'io.switchyard.test.Wrapper' });
    expect(() => generateTypeScript(catalogue)).toThrow(/two types would get the TypeScript name A/);
  });
});
