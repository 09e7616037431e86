import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchemaCatalogue, SchemaDefinitionError, type SchemaCatalogue, type SchemaFile } from './schema-catalogue.ts';

/** The repository's schemas/ folder: .avsc files plus topics.json (topic -> root record). */
export const repositorySchemasDirectory = fileURLToPath(new URL('../../../schemas/', import.meta.url));

async function parseJsonFile(path: string, shownAs: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SchemaDefinitionError(`${shownAs}: not valid JSON: ${(error as Error).message}`);
  }
}

export async function readSchemaFiles(directory: string): Promise<SchemaFile[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.avsc'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    paths.map(async (path) => {
      const shownAs = relative(directory, path);
      return { path: shownAs, json: await parseJsonFile(path, shownAs) };
    }),
  );
}

export async function readTopicRoots(directory: string): Promise<Record<string, string>> {
  const json = await parseJsonFile(join(directory, 'topics.json'), 'topics.json');
  const valid =
    typeof json === 'object' && json !== null && !Array.isArray(json) && Object.values(json).every((root) => typeof root === 'string');
  if (!valid) throw new SchemaDefinitionError('topics.json must map topic names to record full names');
  return json as Record<string, string>;
}

export async function loadSchemaCatalogue(directory: string): Promise<SchemaCatalogue> {
  const [files, topicRoots] = await Promise.all([readSchemaFiles(directory), readTopicRoots(directory)]);
  return buildSchemaCatalogue(files, topicRoots);
}
