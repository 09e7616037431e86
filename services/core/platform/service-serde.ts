import { topicCatalogue } from '../bus/topic-catalogue.ts';
import { createAvroSerde, type AvroSerde } from '../serde/avro-serde.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../serde/schema-files.ts';
import type { SchemaTopic } from '../serde/serde.ts';
import type { Platform } from './platform.ts';

/**
 * What a composition root starts from: a Serde over the platform's schema registry with the service's
 * topics registered, and every topic of the catalogue present on the bus.
 */
export async function openServiceSerde(platform: Platform, schemaTopics: readonly SchemaTopic[]): Promise<AvroSerde> {
  const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
  const serde = createAvroSerde({ registry: platform.schemaRegistry, catalogue });
  await serde.registerTopics(schemaTopics);
  await platform.bus.ensureTopics(topicCatalogue);
  return serde;
}
