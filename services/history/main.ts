import type { ServiceContext } from '../core/platform/service-context.ts';
import { createAvroSerde } from '../core/serde/avro-serde.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../core/serde/schema-files.ts';
import { defaultBatchLimits, openHistory } from './history-service.ts';

/** Composition root of the history service: archives OCPP frames and events, CDRs, OCPI traffic and locations into ClickHouse. */
export async function startHistory(context: ServiceContext): Promise<void> {
  const readiness = context.readiness.register('history-consumers');
  const serde = createAvroSerde({
    registry: context.platform.schemaRegistry,
    catalogue: await loadSchemaCatalogue(repositorySchemasDirectory),
  });
  const history = await openHistory({
    bus: context.platform.bus,
    serde,
    clickhouse: context.platform.clickhouse,
    clock: context.clock,
    logger: context.logger,
    metrics: context.metrics,
    limits: defaultBatchLimits,
  });
  context.lifecycle.onStop('history', () => history.stop());
  await history.ready;
  readiness.ready('frames, events, CDRs, OCPI traffic and locations consumer groups fetching');
}
