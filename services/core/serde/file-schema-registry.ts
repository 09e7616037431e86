import { SwitchyardError } from '../errors.ts';
import type { AvroSchema } from './avro-schema.ts';
import { readJsonFile, writeJsonFileAtomically } from './json-file.ts';
import { registryFailureError, unknownSchemaIdError } from './registry-errors.ts';
import { emptyRegistrySnapshot, parseRegistrySnapshot, RegistryStore } from './registry-store.ts';
import type { SchemaRegistry } from './schema-registry.ts';

export interface FileSchemaRegistryOptions {
  /** JSON file holding subjects, versions and ids, e.g. <data dir>/schema-registry.json. */
  readonly path: string;
}

/**
 * The embedded-mode registry: same ids, versions and BACKWARD compatibility rule as a Confluent registry,
 * kept in one JSON file that is rewritten atomically on every new registration. One process owns the file.
 */
export async function openFileSchemaRegistry(options: FileSchemaRegistryOptions): Promise<SchemaRegistry> {
  const { path } = options;
  const stored = await readJsonFile(path).catch((error: unknown) => {
    throw new SwitchyardError('schema_registry.unavailable', `cannot read the schema registry file ${path}`, { retriable: true, cause: error });
  });
  let store: RegistryStore;
  try {
    store = new RegistryStore(stored === undefined ? emptyRegistrySnapshot() : parseRegistrySnapshot(stored));
  } catch (error) {
    throw new SwitchyardError('schema_registry.corrupt', `the schema registry file ${path} is not a registry snapshot`, { retriable: false, cause: error });
  }

  // Registrations are rare (start-up): run them one at a time so the file sees them in order. A failed
  // write leaves the registration unsaved in memory; the next register call retries the write before
  // returning any id, so no id is handed out that the file does not hold.
  let queue: Promise<unknown> = Promise.resolve();
  let unsaved = false;
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  const save = async (): Promise<void> => {
    try {
      await writeJsonFileAtomically(path, store.snapshot());
      unsaved = false;
    } catch (error) {
      throw new SwitchyardError('schema_registry.unavailable', `cannot write the schema registry file ${path}`, { retriable: true, cause: error });
    }
  };

  return {
    register(subject, schema) {
      return oneAtATime(async () => {
        const versionsBefore = store.versions(subject)?.length ?? 0;
        const outcome = store.register(subject, JSON.stringify(schema));
        if (!outcome.ok) throw registryFailureError(outcome.failure);
        if ((store.versions(subject)?.length ?? 0) !== versionsBefore) unsaved = true;
        if (unsaved) await save();
        return outcome.registered.id;
      });
    },
    async schemaById(id) {
      const text = store.schemaById(id);
      if (text === undefined) throw unknownSchemaIdError(id);
      return JSON.parse(text) as AvroSchema;
    },
  };
}
