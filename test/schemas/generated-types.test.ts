import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { generatedTypesPath } from '../../services/core/events/generate-types.ts';
import { generateTypeScript } from '../../services/core/events/type-generator.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';

it('the committed TypeScript types are what the schemas generate (run services/core/events/generate-types.ts)', async () => {
  const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
  expect(await readFile(generatedTypesPath, 'utf8')).toBe(generateTypeScript(catalogue));
});
