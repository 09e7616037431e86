import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type avro from 'avsc';
import type { AvroSchema } from '../../services/core/serde/avro-schema.ts';

/**
 * Golden files: for each subject, every schema version ever recorded (v<N>.avsc) with example values
 * encoded by that version (v<N>.examples.json: Avro JSON text + Avro binary body in base64). Kept in git,
 * never edited: they prove that data written by old versions stays readable.
 */
export const goldenDirectory = fileURLToPath(new URL('./golden/', import.meta.url));

export interface GoldenExample {
  /** The value in Avro's JSON encoding (type.toString), as written by that version. */
  readonly json: string;
  /** The Avro binary body (no wire header: ids differ between registries). */
  readonly avro_base64: string;
}

export interface GoldenVersion {
  readonly subject: string;
  readonly version: number;
  readonly schema: AvroSchema;
  readonly examples: readonly GoldenExample[];
}

export async function readGoldenVersions(subject: string): Promise<GoldenVersion[]> {
  const directory = join(goldenDirectory, subject);
  const files = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const versions = files
    .map((file) => /^v([1-9][0-9]*)\.avsc$/.exec(file)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  return Promise.all(
    versions.map(async (version) => ({
      subject,
      version,
      schema: JSON.parse(await readFile(join(directory, `v${version}.avsc`), 'utf8')) as AvroSchema,
      examples: JSON.parse(await readFile(join(directory, `v${version}.examples.json`), 'utf8')) as GoldenExample[],
    })),
  );
}

export function encodeExamples(type: avro.Type, values: readonly unknown[]): GoldenExample[] {
  return values.map((value) => ({ json: type.toString(value), avro_base64: type.toBuffer(value).toString('base64') }));
}

export async function writeGoldenVersion(golden: GoldenVersion): Promise<void> {
  const directory = join(goldenDirectory, golden.subject);
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, `v${golden.version}.avsc`), `${JSON.stringify(golden.schema, null, 2)}\n`);
  await writeFile(join(directory, `v${golden.version}.examples.json`), `${JSON.stringify(golden.examples, null, 2)}\n`);
}
