import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadLetterHeaders, type EventBus } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { OcppEvent } from '../../services/core/events/generated-types.ts';
import type { AvroSerde } from '../../services/core/serde/avro-serde.ts';
import type { RunningProjector } from '../../services/projectors/runtime/projector-consumer.ts';
import { sessionIdOf } from '../../services/projectors/tracking/derived-ids.ts';
import { ChargerScript, depotTariff, locationRecord, tokenRecord } from './support/charger-script.ts';
import { latestByKey, openTestBus, openTestSerde, readAll, startBothProjectors, waitFor } from './support/projector-bus.ts';

/**
 * The projectors on the embedded bus: domain events in, as the edge writes them; Sessions and CDRs out.
 * Costs use depotTariff (0.50 start, 0.30/kWh, 2.00/h parking in 60 s steps, 21% VAT).
 */

const t0 = Date.parse('2024-01-15T10:00:00Z');
const minutes = (count: number): number => t0 + count * 60_000;

let serde: AvroSerde;
let disposeSerde: () => Promise<void>;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  ({ serde, dispose: disposeSerde } = await openTestSerde());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await disposeSerde();
});

async function openBus(): Promise<EventBus> {
  const { bus, close } = await openTestBus();
  cleanups.push(close);
  return bus;
}

async function start(bus: EventBus): Promise<RunningProjector[]> {
  const running = await startBothProjectors(bus, serde);
  cleanups.push(async () => {
    for (const projector of running) await projector.stop();
  });
  return running;
}

async function appendEvents(bus: EventBus, events: readonly OcppEvent[]): Promise<void> {
  const requests = [];
  for (const event of events) {
    requests.push({ topic: topics.ocppEvents, key: event.envelope.key, value: await serde.encode(topics.ocppEvents, event), timestamp: event.envelope.recorded_at });
  }
  await bus.append(requests);
}

/** The CP-2 session's token ABC123 was issued by the eMSP DE/EMS; CP-1's TAG-1 is no eMSP's. */
const emspToken = tokenRecord({ country_code: 'DE', party_id: 'EMS', uid: 'ABC123', contract_id: 'DE-EMS-C00000123-4' });

async function appendReference(bus: EventBus): Promise<void> {
  const location = locationRecord({ id: 'LOC-1', evseUids: ['CP-1-1', 'CP-2-1'], tariffIds: ['AC-STANDARD'], timeZone: 'Europe/Amsterdam' });
  await bus.append([
    { topic: topics.tariffs, key: depotTariff.envelope.key, value: await serde.encode(topics.tariffs, depotTariff) },
    { topic: topics.locations, key: location.envelope.key, value: await serde.encode(topics.locations, location) },
    { topic: topics.tokens, key: emspToken.envelope.key, value: await serde.encode(topics.tokens, emspToken) },
  ]);
}

const cp1 = new ChargerScript('CP-1');
const cp2 = new ChargerScript('CP-2');

/**
 * 1.6, started by a remote start command (its token answered from the command, with the command's
 * authorization_reference): StartTransaction, MeterValues, StatusNotification SuspendedEV, StopTransaction.
 */
const ocpp16Session = {
  first: [
    cp1.commandSent({ at: t0 - 5_000, commandId: 'CMD-1', action: 'RemoteStartTransaction', request: { connectorId: 1, idTag: 'TAG-1' } }),
    cp1.commandAnswered({ at: t0 - 4_000, commandId: 'CMD-1', action: 'RemoteStartTransaction', outcome: 'ACCEPTED' }),
    cp1.authorized({ at: t0, token: 'TAG-1', decidedBy: 'emsp', reference: 'CMD-REF-1' }),
    cp1.started({ transactionId: '1', at: t0, meterStartWh: 1000 }),
    cp1.meter({ transactionId: '1', at: minutes(30), energyWh: 6000, powerW: 10_000 }),
  ],
  rest: [
    cp1.meter({ transactionId: '1', at: minutes(60), energyWh: 11_000, powerW: 10_000 }),
    cp1.status({ at: minutes(60), statusRaw: 'SuspendedEV', status: 'OCCUPIED' }),
    cp1.ended({ transactionId: '1', at: minutes(90), meterStopWh: 11_000, reason: 'EVDisconnected' }),
  ],
};

/** 2.0.1: started at plug-in (no token, no meter start), authorized a minute later, charges 7 kWh. */
const ocpp201Session = [
  cp2.started({ transactionId: 'a1b2', at: t0, token: null, chargingState: 'EVConnected', meterStartWh: null }),
  cp2.updated({ transactionId: 'a1b2', at: minutes(1), token: 'ABC123', chargingState: 'Charging', energyWh: 0 }),
  cp2.meter({ transactionId: 'a1b2', at: minutes(31), energyWh: 7000, powerW: 14_000 }),
  cp2.ended({ transactionId: 'a1b2', at: minutes(46), meterStopWh: 7000 }),
];

const stopWithoutStart = cp1.ended({ transactionId: '404', at: minutes(95), meterStopWh: 5 });

async function cdrObjects(bus: EventBus): Promise<Record<string, unknown>[]> {
  const records = await readAll(bus, topics.cdrs);
  return Promise.all(records.map(async (record) => JSON.parse((await serde.decode(topics.cdrs, record.value ?? new Uint8Array())).payload.object_json) as Record<string, unknown>));
}

describe('sessions and CDR projectors on the embedded bus', () => {
  it('turns charger events into live Sessions and priced CDRs, and dead-letters a stop without a start', async () => {
    const bus = await openBus();
    await appendReference(bus);
    await appendEvents(bus, [...ocpp16Session.first, ...ocpp201Session]);
    await start(bus);

    // Replayed backlog: the 1.6 session is still running, with its cost so far.
    const session1Key = `NL/SWY/${sessionIdOf('CP-1', '1')}`;
    const runningSession = (await readAll(bus, topics.sessions)).filter((record) => record.key === session1Key).at(-1);
    const running = JSON.parse((await serde.decode(topics.sessions, runningSession?.value ?? new Uint8Array())).payload.object_json) as Record<string, unknown>;
    // 0.50 + 5 kWh x 0.30 = 2.00; x 1.21 = 2.42
    expect(running).toMatchObject({ status: 'ACTIVE', kwh: 5, total_cost: { excl_vat: 2, incl_vat: 2.42 } });

    await appendEvents(bus, [...ocpp16Session.rest, stopWithoutStart]);
    const cdrs = await waitFor(() => cdrObjects(bus), (objects) => objects.length === 2);
    const byId = new Map(cdrs.map((cdr) => [cdr.id, cdr]));
    // 1.6: 10 kWh over 60 min, then 30 min suspended: 0.50 + 3.00 + 1.00 = 4.50; x 1.21 = 5.445
    expect(byId.get(sessionIdOf('CP-1', '1'))).toMatchObject({
      total_energy: 10,
      total_time: 1.5,
      total_parking_time: 0.5,
      total_cost: { excl_vat: 4.5, incl_vat: 5.445 },
      cdr_token: { country_code: 'NL', party_id: 'SWY', uid: 'TAG-1', type: 'RFID', contract_id: 'TAG-1' },
      auth_method: 'COMMAND',
      authorization_reference: 'CMD-REF-1',
    });
    // 2.0.1: 1 min connected before charging (parking, one 60 s step: 2.00/60 = 0.03333), 7 kWh:
    // 0.50 + 2.10 + 0.03333 = 2.6333; 0.605 + 2.541 + 0.04033 = 3.1863
    expect(byId.get(sessionIdOf('CP-2', 'a1b2'))).toMatchObject({
      total_energy: 7,
      total_time: round6(46 / 60),
      total_parking_time: round6(1 / 60),
      total_cost: { excl_vat: 2.6333, incl_vat: 3.1863 },
      cdr_token: { country_code: 'DE', party_id: 'EMS', uid: 'ABC123', type: 'RFID', contract_id: 'DE-EMS-C00000123-4' },
      auth_method: 'WHITELIST',
    });

    const deadLetters = await waitFor(() => readAll(bus, `${topics.ocppEvents}.dlq`), (records) => records.length === 2);
    expect(deadLetters.map((record) => record.headers[deadLetterHeaders.group]).sort()).toEqual(['test.projector.cdrs.events', 'test.projector.sessions.events']);
    for (const record of deadLetters) expect(record.headers[deadLetterHeaders.error]).toMatch(/TransactionEnded without a start for transaction 404/);

    const completed = (await readAll(bus, topics.sessions)).filter((record) => record.key === session1Key).at(-1);
    const finalSession = await serde.decode(topics.sessions, completed?.value ?? new Uint8Array());
    expect(finalSession.payload).toMatchObject({ status: 'COMPLETED', kwh: 10, total_cost: { excl_vat: 4.5, incl_vat: 5.445 }, end_date_time: minutes(90) });
  });

  it('restarts without writing anything again, and a replay into fresh projections writes byte-identical outputs', async () => {
    const bus = await openBus();
    await appendReference(bus);
    await appendEvents(bus, [...ocpp16Session.first, ...ocpp201Session]);
    const first = await start(bus);
    await appendEvents(bus, ocpp16Session.rest);
    await waitFor(() => cdrObjects(bus), (objects) => objects.length === 2);
    for (const projector of first) await projector.stop();

    const ends = async (target: EventBus) => [await target.endOffsets(topics.sessions), await target.endOffsets(topics.cdrs)];
    const before = await ends(bus);
    await start(bus);
    expect(await ends(bus)).toEqual(before);

    const fresh = await openBus();
    for (const topic of [topics.tariffs, topics.locations, topics.tokens, topics.ocppEvents]) {
      const records = await readAll(bus, topic);
      await fresh.append(records.map((record) => ({ topic, key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp })));
    }
    await start(fresh);
    for (const topic of [topics.sessions, topics.cdrs]) {
      const original = latestByKey(await readAll(bus, topic));
      const replayed = latestByKey(await readAll(fresh, topic));
      expect(replayed.size).toBeGreaterThan(0);
      expect(replayed).toEqual(original);
    }
    expect((await readAll(fresh, topics.cdrs)).length).toBe((await readAll(bus, topics.cdrs)).length);
  });
});

function round6(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
