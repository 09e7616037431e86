import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import { openEmbeddedEventBus } from '../../../services/core/bus/embedded/embedded-event-bus.ts';
import { topicCatalogue, topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { embeddedLayout } from '../../../services/core/platform/open-platform.ts';
import { createAvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import { connectCharger } from '../../edge/support/chargers.ts';
import { eventually, framesOf, startTestEdge } from '../../edge/support/edge-harness.ts';

/** What two OCPP 1.6 chargers said to the edge and what it answered, as the recording to replay. */
export const recordedChargers = ['CP-R1', 'CP-R2'] as const;
export const callsPerCharger = ['BootNotification', 'StatusNotification', 'Authorize', 'Heartbeat'] as const;

export interface Recording {
  /** A data dir laid out like `switchyard run`'s (embedded log, schema registry file), for the CLI too. */
  readonly dataDir: string;
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly from: string;
  readonly to: string;
  /** Frames recorded per charger (CALLs in and answers out). */
  readonly frameTexts: ReadonlyMap<string, readonly string[]>;
  closeBus(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Real chargers (ocpp-rpc) talk to a real edge writing to the embedded log in a fresh data dir. */
export async function recordTraffic(): Promise<Recording> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-replay-'));
  const bus = openEmbeddedEventBus({ path: join(dataDir, embeddedLayout.log), catalogue: topicCatalogue, clock: systemClock, durability: 'noSync' });
  await bus.ensureTopics(topicCatalogue);
  const registry = await openFileSchemaRegistry({ path: join(dataDir, embeddedLayout.schemaRegistry) });
  const serde = createAvroSerde({ registry, catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
  await serde.registerTopics([topics.ocppFrames, topics.ocppEvents, topics.ocppCommands, topics.chargers]);

  const from = new Date(Date.now() - 1_000).toISOString();
  const edge = await startTestEdge({ bus, serde });
  const frameTexts = new Map<string, string[]>();
  try {
    for (const chargerId of recordedChargers) {
      await edge.admin('PUT', `/chargers/${chargerId}`, { securityProfile: 1, password: 'correct-horse-battery' });
      const charger = await connectCharger({ baseUrl: edge.wsUrl, identity: chargerId, protocol: 'ocpp1.6', password: 'correct-horse-battery' });
      await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Volt-1' });
      await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
      await charger.call('Authorize', { idTag: `TAG-${chargerId}` });
      await charger.call('Heartbeat', {});
      await charger.close({ force: true });
      const frames = await eventually(async () => {
        const all = await framesOf(bus, serde, chargerId);
        if (all.length !== callsPerCharger.length * 2) throw new Error(`${all.length} frames of ${chargerId} so far`);
        return all;
      });
      frameTexts.set(chargerId, frames.map((frame) => frame.text));
    }
  } finally {
    await edge.close();
  }
  const to = new Date(Date.now() + 1_000).toISOString();
  let busOpen = true;
  const closeBus = async () => {
    if (busOpen) await bus.close();
    busOpen = false;
  };
  return {
    dataDir,
    bus,
    serde,
    from,
    to,
    frameTexts,
    closeBus,
    async cleanup() {
      await closeBus();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
