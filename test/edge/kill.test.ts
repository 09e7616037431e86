import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedEventBus } from '../../services/core/bus/embedded/embedded-event-bus.ts';
import { topicCatalogue, topics } from '../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../services/core/clock.ts';
import { createAvroSerde } from '../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';
import { connectCharger, type Charger } from './support/chargers.ts';
import { eventsOf, framesOf } from './support/edge-harness.ts';

const edgeProcessPath = fileURLToPath(new URL('./support/edge-process.ts', import.meta.url));

interface EdgeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

async function startEdgeProcess(dataDir: string): Promise<EdgeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', edgeProcessPath, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error('the edge process exited before it listened')));
  });
  const { port } = JSON.parse(firstLine) as { port: number };
  return { child, url: `ws://127.0.0.1:${port}/ocpp`, exited };
}

/** What a charger got a CALLRESULT for, identified by a value unique across the test. */
interface Acknowledged {
  readonly chargerId: string;
  readonly action: string;
  /** The domain event the message must have produced. */
  readonly expected: 'TransactionStarted' | 'MeterValuesSampled' | 'TransactionEnded';
  readonly marker: number;
  readonly transactionId: string;
}

/** Sends transaction messages back to back until the socket dies, noting every acknowledged one. */
async function driveTransactions(charger: Charger, chargerId: string, version: 'ocpp1.6' | 'ocpp2.0.1', nextMarker: () => number, acknowledged: Acknowledged[]): Promise<void> {
  const now = () => new Date().toISOString();
  try {
    for (;;) {
      if (version === 'ocpp1.6') {
        const start = nextMarker();
        const { transactionId } = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'KILL', meterStart: start, timestamp: now() })) as { transactionId: number };
        const id = String(transactionId);
        acknowledged.push({ chargerId, action: 'StartTransaction', expected: 'TransactionStarted', marker: start, transactionId: id });
        const sample = nextMarker();
        await charger.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: now(), sampledValue: [{ value: String(sample) }] }] });
        acknowledged.push({ chargerId, action: 'MeterValues', expected: 'MeterValuesSampled', marker: sample, transactionId: id });
        const stop = nextMarker();
        await charger.call('StopTransaction', { transactionId, meterStop: stop, timestamp: now() });
        acknowledged.push({ chargerId, action: 'StopTransaction', expected: 'TransactionEnded', marker: stop, transactionId: id });
      } else {
        const marker = nextMarker();
        const transactionId = `TX-${marker}`;
        const evse = { id: 1, connectorId: 1 };
        await charger.call('TransactionEvent', { eventType: 'Started', timestamp: now(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId }, evse, idToken: { idToken: 'KILL', type: 'Central' } });
        acknowledged.push({ chargerId, action: 'TransactionEvent', expected: 'TransactionStarted', marker, transactionId });
        const sample = nextMarker();
        await charger.call('MeterValues', { evseId: 1, meterValue: [{ timestamp: now(), sampledValue: [{ value: sample }] }] });
        acknowledged.push({ chargerId, action: 'MeterValues', expected: 'MeterValuesSampled', marker: sample, transactionId });
        await charger.call('TransactionEvent', { eventType: 'Ended', timestamp: now(), triggerReason: 'StopAuthorized', seqNo: 1, transactionInfo: { transactionId, stoppedReason: 'Local' } });
        acknowledged.push({ chargerId, action: 'TransactionEvent', expected: 'TransactionEnded', marker, transactionId });
      }
    }
  } catch {
    // The edge was killed: whatever was not acknowledged may be lost, by design.
  }
}

describe('an edge killed with SIGKILL mid-traffic', () => {
  const started: EdgeProcess[] = [];
  let dataDir = '';

  afterAll(async () => {
    for (const process of started) process.child.kill('SIGKILL');
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  });

  it('lost nothing it acknowledged, and hands out fresh transaction ids after restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-edge-kill-'));
    const first = await startEdgeProcess(dataDir);
    started.push(first);

    let marker = 0;
    const acknowledged: Acknowledged[] = [];
    const fleet: [string, 'ocpp1.6' | 'ocpp2.0.1'][] = [
      ['KILL-16-A', 'ocpp1.6'],
      ['KILL-16-B', 'ocpp1.6'],
      ['KILL-201-A', 'ocpp2.0.1'],
      ['KILL-201-B', 'ocpp2.0.1'],
    ];
    const chargers = await Promise.all(fleet.map(([id, version]) => connectCharger({ baseUrl: first.url, identity: id, protocol: version })));
    const traffic = fleet.map(([id, version], index) => driveTransactions(chargers[index] as Charger, id, version, () => (marker += 1), acknowledged));

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(traffic);
    await Promise.all(chargers.map((charger) => charger.close({ force: true })));
    expect(acknowledged.length).toBeGreaterThan(10);

    const second = await startEdgeProcess(dataDir);
    started.push(second);
    const late = await connectCharger({ baseUrl: second.url, identity: 'KILL-16-A', protocol: 'ocpp1.6' });
    const { transactionId: afterRestart } = (await late.call('StartTransaction', { connectorId: 1, idTag: 'KILL', meterStart: 0, timestamp: new Date().toISOString() })) as { transactionId: number };
    await late.close({ force: true });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const bus = openEmbeddedEventBus({ path: join(dataDir, 'log'), catalogue: topicCatalogue, clock: systemClock });
    const serde = createAvroSerde({
      registry: await openFileSchemaRegistry({ path: join(dataDir, 'schema-registry.json') }),
      catalogue: await loadSchemaCatalogue(repositorySchemasDirectory),
    });
    try {
      const idsBefore = new Set(acknowledged.filter((ack) => ack.action === 'StartTransaction').map((ack) => ack.transactionId));
      expect(idsBefore.has(String(afterRestart))).toBe(false);

      for (const [chargerId] of fleet) {
        const frames = (await framesOf(bus, serde, chargerId)).filter((frame) => frame.direction === 'IN');
        const events = await eventsOf(bus, serde, chargerId);
        for (const ack of acknowledged.filter((a) => a.chargerId === chargerId)) {
          const inLog = frames.some((frame) => frame.action === ack.action && frame.text.includes(String(ack.marker)));
          expect(inLog, `${chargerId} ${ack.action} ${ack.marker} raw frame`).toBe(true);
          const asEvent = events.some((event) => {
            if (event.type !== ack.expected) return false;
            const value = event.value;
            switch (ack.action) {
              case 'StartTransaction':
                return value['transaction_id'] === ack.transactionId && value['meter_start_wh'] === ack.marker;
              case 'StopTransaction':
                return value['transaction_id'] === ack.transactionId && value['meter_stop_wh'] === ack.marker;
              case 'MeterValues':
                return JSON.stringify(value['samples']).includes(`"value_raw":"${ack.marker}"`);
              default:
                return value['transaction_id'] === ack.transactionId;
            }
          });
          expect(asEvent, `${chargerId} ${ack.action} ${ack.marker} domain event`).toBe(true);
        }
      }
      const frameCount = (await bus.endOffsets(topics.ocppFrames)).reduce((total, partition) => total + partition.offset, 0);
      expect(frameCount).toBeGreaterThan(acknowledged.length);
    } finally {
      await bus.close();
    }
  });
});
