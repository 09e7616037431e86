import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../serde/schema-files.ts';
import { generateTypeScript } from './type-generator.ts';

/** Regenerates generated-types.ts from schemas/. Run: npx tsx services/core/events/generate-types.ts */
export const generatedTypesPath = fileURLToPath(new URL('./generated-types.ts', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
  await writeFile(generatedTypesPath, generateTypeScript(catalogue));
  console.log(`wrote ${generatedTypesPath}`);
}
