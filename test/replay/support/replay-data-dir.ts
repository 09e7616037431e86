import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import { openEmbeddedEventBus } from '../../../services/core/bus/embedded/embedded-event-bus.ts';
import { topicCatalogue } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { embeddedLayout } from '../../../services/core/platform/open-platform.ts';
import { createAvroSerde, type AvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import type { SchemaTopic } from '../../../services/core/serde/serde.ts';

export interface ReplayDataDir {
  /** A data dir laid out like `switchyard run`'s (embedded log, schema registry file), for the CLI too. */
  readonly dataDir: string;
  readonly bus: EventBus;
  readonly serde: AvroSerde;
  /** Closes the log (once) so a `switchyard` process can open the data dir. */
  closeBus(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A fresh data dir with the embedded log and a file schema registry in it, `schemaTopics` registered. */
export async function openReplayDataDir(prefix: string, schemaTopics: readonly SchemaTopic[]): Promise<ReplayDataDir> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const bus = openEmbeddedEventBus({ path: join(dataDir, embeddedLayout.log), catalogue: topicCatalogue, clock: systemClock, durability: 'noSync' });
  await bus.ensureTopics(topicCatalogue);
  const registry = await openFileSchemaRegistry({ path: join(dataDir, embeddedLayout.schemaRegistry) });
  const serde = createAvroSerde({ registry, catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
  await serde.registerTopics(schemaTopics);
  let busOpen = true;
  const closeBus = async () => {
    if (busOpen) await bus.close();
    busOpen = false;
  };
  return {
    dataDir,
    bus,
    serde,
    closeBus,
    async cleanup() {
      await closeBus();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
