import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { connectCharger } from '../../edge/support/chargers.ts';
import { eventually, framesOf, startTestEdge } from '../../edge/support/edge-harness.ts';
import { openReplayDataDir, type ReplayDataDir } from './replay-data-dir.ts';

/** What two OCPP 1.6 chargers said to the edge and what it answered, as the recording to replay. */
export const recordedChargers = ['CP-R1', 'CP-R2'] as const;
export const callsPerCharger = ['BootNotification', 'StatusNotification', 'Authorize', 'Heartbeat'] as const;

export interface Recording extends ReplayDataDir {
  readonly from: string;
  readonly to: string;
  /** Frames recorded per charger (CALLs in and answers out). */
  readonly frameTexts: ReadonlyMap<string, readonly string[]>;
}

/** Real chargers (ocpp-rpc) talk to a real edge writing to the embedded log in a fresh data dir. */
export async function recordTraffic(): Promise<Recording> {
  const recorded = await openReplayDataDir('switchyard-replay-', [topics.ocppFrames, topics.ocppEvents, topics.ocppCommands, topics.chargers]);
  const { bus, serde } = recorded;
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
  return { ...recorded, from, to, frameTexts };
}
