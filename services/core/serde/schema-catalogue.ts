import { compileAvroType, type AvroSchema } from './avro-schema.ts';

/** A named type (record, enum, fixed) as defined in its own .avsc file. */
export interface NamedDefinition {
  readonly fullName: string;
  readonly schema: { readonly [attribute: string]: unknown };
  /** Where it came from, for error messages. */
  readonly origin: string;
}

export interface SchemaFile {
  readonly path: string;
  readonly json: unknown;
}

/**
 * Every named type and which root record each topic carries. A topic's registered schema is its root
 * with every referenced named type inlined (defined once at first use, referenced by full name after),
 * so registries never need schema references.
 */
export interface SchemaCatalogue {
  readonly definitions: ReadonlyMap<string, NamedDefinition>;
  /** topic -> full name of the record its values are. */
  readonly topics: ReadonlyMap<string, string>;
  selfContainedSchema(fullName: string): AvroSchema;
  topicSchema(topic: string): AvroSchema;
}

const primitives = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const namedKinds = new Set(['record', 'error', 'enum', 'fixed']);

export class SchemaDefinitionError extends Error {
  override readonly name = 'SchemaDefinitionError';
}

function isObject(value: unknown): value is { readonly [attribute: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function qualify(name: string, namespace: string): string {
  return name.includes('.') ? name : `${namespace}.${name}`;
}

function baseName(path: string): string {
  const file = path.split(/[\\/]/).at(-1) ?? path;
  return file.replace(/\.avsc$/, '');
}

function readDefinition(file: SchemaFile): NamedDefinition {
  const { json, path } = file;
  if (!isObject(json) || typeof json.type !== 'string' || !namedKinds.has(json.type)) {
    throw new SchemaDefinitionError(`${path}: an .avsc file must hold exactly one named type (record, enum or fixed)`);
  }
  const { name, namespace } = json;
  if (typeof name !== 'string' || name.includes('.') || typeof namespace !== 'string') {
    throw new SchemaDefinitionError(`${path}: give a short "name" and an explicit "namespace"`);
  }
  if (namespace !== 'io.switchyard' && !namespace.startsWith('io.switchyard.')) {
    throw new SchemaDefinitionError(`${path}: namespace ${namespace} is outside io.switchyard`);
  }
  if (baseName(path) !== name) {
    throw new SchemaDefinitionError(`${path}: the file must be named after its type (${name}.avsc)`);
  }
  return { fullName: `${namespace}.${name}`, schema: json, origin: path };
}

/** Builds the catalogue; throws SchemaDefinitionError on anything a registry or reader would trip over. */
export function buildSchemaCatalogue(files: readonly SchemaFile[], topicRoots: Readonly<Record<string, string>>): SchemaCatalogue {
  const definitions = new Map<string, NamedDefinition>();
  for (const file of files) {
    const definition = readDefinition(file);
    const earlier = definitions.get(definition.fullName);
    if (earlier !== undefined) {
      throw new SchemaDefinitionError(`${definition.fullName} is defined twice: ${earlier.origin} and ${definition.origin}`);
    }
    definitions.set(definition.fullName, definition);
  }

  const selfContainedSchema = (fullName: string): AvroSchema => inlineReferences(fullName, definitions);
  const topics = new Map(Object.entries(topicRoots));
  for (const [topic, root] of topics) {
    const definition = definitions.get(root);
    if (definition?.schema.type !== 'record') throw new SchemaDefinitionError(`topic ${topic}: ${root} is not a defined record`);
    try {
      compileAvroType(selfContainedSchema(root));
    } catch (error) {
      if (error instanceof SchemaDefinitionError) throw error;
      throw new SchemaDefinitionError(`topic ${topic}: ${root} is not valid Avro: ${(error as Error).message}`);
    }
  }

  return {
    definitions,
    topics,
    selfContainedSchema,
    topicSchema(topic) {
      const root = topics.get(topic);
      if (root === undefined) throw new SchemaDefinitionError(`no schema is declared for topic ${topic}`);
      return selfContainedSchema(root);
    },
  };
}

function inlineReferences(rootName: string, definitions: ReadonlyMap<string, NamedDefinition>): AvroSchema {
  const inlined = new Set<string>();

  const expandNamed = (fullName: string, usedIn: string): AvroSchema => {
    if (inlined.has(fullName)) return fullName;
    const definition = definitions.get(fullName);
    if (definition === undefined) throw new SchemaDefinitionError(`${usedIn}: unknown type ${fullName}`);
    inlined.add(fullName);
    const { schema } = definition;
    const namespace = schema.namespace as string;
    if (schema.type !== 'record' && schema.type !== 'error') return { ...schema };
    const fields = schema.fields;
    if (!Array.isArray(fields)) throw new SchemaDefinitionError(`${definition.origin}: a record needs "fields"`);
    return {
      ...schema,
      fields: fields.map((field: unknown) => {
        if (!isObject(field)) throw new SchemaDefinitionError(`${definition.origin}: malformed field`);
        return { ...field, type: expandType(field.type, namespace, definition.origin) };
      }),
    };
  };

  const expandType = (type: unknown, namespace: string, usedIn: string): AvroSchema => {
    if (typeof type === 'string') return primitives.has(type) ? type : expandNamed(qualify(type, namespace), usedIn);
    if (Array.isArray(type)) return type.map((branch) => expandType(branch, namespace, usedIn));
    if (!isObject(type)) throw new SchemaDefinitionError(`${usedIn}: malformed type ${JSON.stringify(type)}`);
    switch (type.type) {
      case 'array':
        return { ...type, items: expandType(type.items, namespace, usedIn) };
      case 'map':
        return { ...type, values: expandType(type.values, namespace, usedIn) };
      default:
        if (typeof type.type === 'string' && primitives.has(type.type)) return { ...type };
        throw new SchemaDefinitionError(`${usedIn}: define named types in their own .avsc file, not inline (${JSON.stringify(type)})`);
    }
  };

  return expandNamed(rootName, 'catalogue');
}
