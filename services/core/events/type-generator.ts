import avro from 'avsc';
import { compileAvroType } from '../serde/avro-schema.ts';
import type { SchemaCatalogue } from '../serde/schema-catalogue.ts';

/**
 * Renders TypeScript declarations for every named type of the catalogue. Shapes are read from the avsc
 * types themselves (not re-derived from JSON), so the declarations match what the serde encodes and
 * decodes, including which unions avsc wraps.
 */
export function generateTypeScript(catalogue: SchemaCatalogue): string {
  const roots = [...catalogue.definitions.keys()].sort().map((fullName) => compileAvroType(catalogue.selfContainedSchema(fullName)));
  const names = tsNamesOf(roots);
  const declarations = roots.flatMap((type) => declare(type, names));
  const topicLines = [...catalogue.topics.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, root]) => `  readonly '${topic}': ${tsNameOf(root, names)};`);
  return [
    '// Generated from schemas/*.avsc by services/core/events/generate-types.ts. Do not edit by hand:',
    '// run `npx tsx services/core/events/generate-types.ts` after changing a schema.',
    '',
    "import type { Wrapped } from './union.ts';",
    '',
    ...declarations,
    '/** The value type each topic carries (TopicNameStrategy subject `<topic>-value`). */',
    'export interface TopicValues {',
    ...topicLines,
    '}',
    '',
  ].join('\n');
}

function tsNamesOf(roots: readonly avro.Type[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const type of roots) {
    const fullName = type.name as string;
    const short = fullName.split('.').at(-1) as string;
    const owner = owners.get(short);
    if (owner !== undefined) throw new Error(`two types would get the TypeScript name ${short}: ${owner} and ${fullName}`);
    owners.set(short, fullName);
    names.set(fullName, short);
  }
  return names;
}

function tsNameOf(fullName: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(fullName);
  if (name === undefined) throw new Error(`no declaration for ${fullName}`);
  return name;
}

function docComment(doc: string | undefined, indent: string): string[] {
  return doc === undefined ? [] : [`${indent}/** ${doc.replaceAll('*/', '*\\/')} */`];
}

function pascalCase(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

function declare(type: avro.Type, names: ReadonlyMap<string, string>): string[] {
  const name = tsNameOf(type.name as string, names);
  if (type instanceof avro.types.EnumType) {
    const constant = `${name.charAt(0).toLowerCase()}${name.slice(1)}Symbols`;
    return [
      ...docComment(type.doc, ''),
      `export const ${constant} = [${type.symbols.map((symbol) => `'${symbol}'`).join(', ')}] as const;`,
      `export type ${name} = (typeof ${constant})[number];`,
      '',
    ];
  }
  if (type instanceof avro.types.FixedType) return [...docComment(type.doc, ''), `export type ${name} = Buffer;`, ''];
  if (!(type instanceof avro.types.RecordType)) throw new Error(`${name}: unsupported named type ${type.typeName}`);

  const branchMaps: string[] = [];
  const fields = type.fields.flatMap((field) => {
    const doc = (field as avro.types.Field & { doc?: string }).doc;
    const fieldType = tsTypeOf(field.type, names, () => {
      const mapName = `${name}${pascalCase(field.name)}Branches`;
      branchMaps.push(...wrappedBranchMap(mapName, field.type as avro.types.WrappedUnionType, names));
      return mapName;
    });
    return [...docComment(doc, '  '), `  readonly ${field.name}: ${fieldType};`];
  });
  return [...branchMaps, ...docComment(type.doc, ''), `export interface ${name} {`, ...fields, '}', ''];
}

/** Branches of a wrapped union, keyed by the name avsc wraps them with (the type's full name). */
function wrappedBranchMap(mapName: string, union: avro.types.WrappedUnionType, names: ReadonlyMap<string, string>): string[] {
  const lines = union.types
    .filter((branch) => branch.typeName !== 'null')
    .map((branch) => `  readonly '${branch.branchName as string}': ${tsTypeOf(branch, names, nestedUnionUnsupported)};`);
  return [`export interface ${mapName} {`, ...lines, '}', ''];
}

function nestedUnionUnsupported(): string {
  throw new Error('wrapped unions are supported as record fields only');
}

function tsTypeOf(type: avro.Type, names: ReadonlyMap<string, string>, nameWrappedUnion: () => string): string {
  if (type instanceof avro.types.WrappedUnionType) {
    const nullable = type.types.some((branch) => branch.typeName === 'null');
    return `Wrapped<${nameWrappedUnion()}>${nullable ? ' | null' : ''}`;
  }
  if (type instanceof avro.types.UnwrappedUnionType) {
    // Nullable fields read best as `T | null`, whatever the branch order in the schema.
    const branches = [...type.types].sort((a, b) => Number(a.typeName === 'null') - Number(b.typeName === 'null'));
    return branches.map((branch) => tsTypeOf(branch, names, nestedUnionUnsupported)).join(' | ');
  }
  if (type instanceof avro.types.ArrayType) {
    const items = tsTypeOf(type.itemsType as avro.Type, names, nestedUnionUnsupported);
    return items.includes(' ') ? `ReadonlyArray<${items}>` : `readonly ${items}[]`;
  }
  if (type instanceof avro.types.MapType) {
    return `Readonly<Record<string, ${tsTypeOf(type.valuesType as avro.Type, names, nestedUnionUnsupported)}>>`;
  }
  if (type.name !== undefined) return tsNameOf(type.name, names);
  return primitiveTsType(type.typeName);
}

function primitiveTsType(typeName: string): string {
  switch (typeName) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return 'number';
    case 'string':
      return 'string';
    case 'bytes':
      return 'Buffer';
    default:
      throw new Error(`unsupported Avro type ${typeName}`);
  }
}
