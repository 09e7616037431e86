import { ConfigError } from '../core/config/config.ts';
import { topicCatalogue } from '../core/bus/topic-catalogue.ts';
import type { ServiceContext, StartService } from '../core/platform/service-context.ts';
import { createAvroSerde } from '../core/serde/avro-serde.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../core/serde/schema-files.ts';
import { startRoaming } from '../roaming/main.ts';
import { projections } from './projections.ts';
import { loadProjectorSettings } from './projector-config.ts';
import type { OutputTopic, Projection } from './runtime/projection.ts';
import { startProjector } from './runtime/projector-consumer.ts';

function projectorService<S, T extends OutputTopic>(build: (context: ServiceContext) => Projection<S, T>): StartService {
  return async (context) => {
    const projection = build(context);
    const readiness = context.readiness.register(`projector.${projection.name}`);
    const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
    const serde = createAvroSerde({ registry: context.platform.schemaRegistry, catalogue });
    await serde.registerTopics(['switchyard.ocpp.events', 'switchyard.tariffs', 'switchyard.locations', 'switchyard.tokens', projection.outputTopic]);
    await context.platform.bus.ensureTopics(topicCatalogue);
    const running = await startProjector({
      bus: context.platform.bus,
      serde,
      projection,
      logger: context.logger,
      groupPrefix: `switchyard.projector.${projection.name}`,
    });
    context.lifecycle.onStop(`projector.${projection.name}`, () => running.stop());
    readiness.notReady('replaying its inputs');
    running.ready.then(
      () => readiness.ready('live'),
      (error: unknown) => {
        context.logger.error({ err: error }, `projector ${projection.name} could not write the outputs of its replay`);
        readiness.notReady('replay failed');
      },
    );
  };
}

/**
 * Composition root of the projectors: each turns event topics into a compacted state topic or a
 * ClickHouse table. Add a projector here and both `switchyard run` and `switchyard projector <name>`
 * start it.
 */
export const projectors: Readonly<Record<string, StartService>> = {
  sessions: projectorService(() => projections.sessions(loadProjectorSettings(process.env))),
  cdrs: projectorService(() => projections.cdrs(loadProjectorSettings(process.env))),
  /** Locations, tariffs and tokens with their admin routes, and live EVSE statuses (services/roaming). */
  roaming: startRoaming,
};

export function projectorNamed(name: string): StartService {
  const start = projectors[name];
  if (start === undefined) {
    const known = Object.keys(projectors);
    throw new ConfigError([
      `unknown projector ${JSON.stringify(name)}; known: ${known.length > 0 ? known.join(', ') : '(none in this build)'}`,
    ]);
  }
  return start;
}
