import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { connectCharger } from '../../edge/support/chargers.ts';
import { startTestEdge } from '../../edge/support/edge-harness.ts';
import { depotTariff, locationRecord, tokenRecord } from '../../projectors/support/charger-script.ts';
import { readAll, startBothProjectors, waitFor } from '../../projectors/support/projector-bus.ts';
import { openReplayDataDir, type ReplayDataDir } from './replay-data-dir.ts';

/** Chargers that complete a session (one CDR each) and one still charging (a live Session, no CDR). */
export const completingChargers = ['CP-S1', 'CP-S2'] as const;
export const chargingCharger = 'CP-S3';
const password = 'correct-horse-battery';

export type ChargedSessions = ReplayDataDir;

/**
 * Real chargers (ocpp-rpc) charge through a real edge while the sessions and CDR projectors run, all on
 * the embedded log of a fresh data dir; returns once the live Sessions and CDRs are written and the
 * edge and projectors have stopped.
 */
export async function chargeSessions(): Promise<ChargedSessions> {
  const charged = await openReplayDataDir('switchyard-rebuild-', [
    topics.ocppFrames,
    topics.ocppEvents,
    topics.ocppCommands,
    topics.chargers,
    topics.tariffs,
    topics.locations,
    topics.tokens,
    topics.sessions,
    topics.cdrs,
  ]);
  const { bus, serde } = charged;
  const chargers = [...completingChargers, chargingCharger];
  const location = locationRecord({ id: 'LOC-1', evseUids: chargers.map((id) => `${id}-1`), tariffIds: ['AC-STANDARD'], timeZone: 'UTC' });
  // The first charger's tag is an eMSP's: its Session and CDR name that eMSP, on replay too.
  const token = tokenRecord({ country_code: 'DE', party_id: 'EMS', uid: `TAG-${completingChargers[0]}` });
  await bus.append([
    { topic: topics.tariffs, key: depotTariff.envelope.key, value: await serde.encode(topics.tariffs, depotTariff) },
    { topic: topics.locations, key: location.envelope.key, value: await serde.encode(topics.locations, location) },
    { topic: topics.tokens, key: token.envelope.key, value: await serde.encode(topics.tokens, token) },
  ]);

  const edge = await startTestEdge({ bus, serde });
  const projectors = await startBothProjectors(bus, serde);
  try {
    for (const chargerId of chargers) {
      await edge.admin('PUT', `/chargers/${chargerId}`, { securityProfile: 1, password });
      const charger = await connectCharger({ baseUrl: edge.wsUrl, identity: chargerId, protocol: 'ocpp1.6', password });
      await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Volt-1' });
      const started = (await charger.call('StartTransaction', { connectorId: 1, idTag: `TAG-${chargerId}`, meterStart: 1000, timestamp: new Date().toISOString() })) as {
        transactionId: number;
      };
      const { transactionId } = started;
      await charger.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '2500', unit: 'Wh' }] }],
      });
      if (chargerId !== chargingCharger) {
        await charger.call('StopTransaction', { transactionId, meterStop: 4000, timestamp: new Date().toISOString(), reason: 'Local' });
      }
      await charger.close({ force: true });
    }
    // Transaction events are durable before the charger gets its answer: once both projectors have
    // consumed the events topic, every Session and CDR is written.
    const unconsumed = async () => {
      const lags = await Promise.all(['test.projector.sessions.events', 'test.projector.cdrs.events'].map((group) => bus.lag(group, topics.ocppEvents)));
      return lags.flat().reduce((sum, partition) => sum + partition.lag, 0);
    };
    await waitFor(unconsumed, (lag) => lag === 0);
    await waitFor(() => readAll(bus, topics.cdrs), (records) => records.length === completingChargers.length);
  } finally {
    for (const projector of projectors) await projector.stop();
    await edge.close();
  }

  return charged;
}
