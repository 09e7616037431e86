/**
 * The workload every event bus benchmark runs: realistic raw-frame events (a MeterValues CALL, the
 * most frequent transaction message), Avro-encoded through the real serde, keyed by charger.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../services/core/clock.ts';
import type { AppendRequest, EventBus } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { createEnvelopeBuilder } from '../../services/core/events/envelope.ts';
import type { OcppFrameEvent } from '../../services/core/events/generated-types.ts';
import { createAvroSerde, type AvroSerde } from '../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';
import { elapsedMsSince } from './stats.ts';

export const chargerCount = 1_000;
const envelope = createEnvelopeBuilder({ clock: systemClock, source: { service: 'bench', instanceId: 'bench-1' } });

function meterValuesFrame(sequence: number): OcppFrameEvent {
  const chargerId = `CP-${(sequence % chargerCount).toString().padStart(5, '0')}`;
  const messageId = `m-${sequence}`;
  const payload = {
    connectorId: 1,
    transactionId: 1000 + (sequence % chargerCount),
    meterValue: [{ timestamp: '2026-11-21T10:00:00.000Z', sampledValue: [{ value: String(sequence * 10), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
  };
  return {
    envelope: envelope({ key: chargerId, connectionId: `conn-${chargerId}` }),
    payload: {
      charger_id: chargerId,
      connection_id: `conn-${chargerId}`,
      direction: 'IN',
      protocol: 'ocpp1.6',
      message_type: 'CALL',
      message_id: messageId,
      action: 'MeterValues',
      text: JSON.stringify([2, messageId, 'MeterValues', payload]),
      received_at: Date.now(),
      validation: { status: 'VALID', error_code: null, error_description: null },
      quirks_applied: [],
      upstream: null,
      relayed_as: [],
    },
  };
}

export interface BenchSerde {
  readonly serde: AvroSerde;
  dispose(): Promise<void>;
}

export async function openBenchSerde(): Promise<BenchSerde> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-bench-serde-'));
  const registry = await openFileSchemaRegistry({ path: join(directory, 'registry.json') });
  const serde = createAvroSerde({ registry, catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
  await serde.registerTopics([topics.ocppFrames]);
  return { serde, dispose: () => rm(directory, { recursive: true, force: true }) };
}

/**
 * The synthetic events of sequence numbers [from, from + count). Making them up (ids, JSON text) is the
 * workload's own cost, so the benchmark builds them outside its timings; encoding is timed.
 */
export function meterValuesFrames(from: number, count: number): OcppFrameEvent[] {
  return Array.from({ length: count }, (_, index) => meterValuesFrame(from + index));
}

export async function encodedFrames(serde: AvroSerde, topic: string, events: readonly OcppFrameEvent[]): Promise<AppendRequest[]> {
  const requests: AppendRequest[] = [];
  for (const event of events) requests.push({ topic, key: event.envelope.key, value: await serde.encode(topics.ocppFrames, event) });
  return requests;
}

/**
 * Consumes `expected` records as one new group and returns how long that took in milliseconds, counted
 * from the group's first fetch: joining a new group waits for the broker's initial rebalance delay
 * (3 s on Kafka and on the mock cluster), a fixed start-up cost that is not consumer throughput.
 */
export async function drain(bus: EventBus, topic: string, group: string, expected: number, serde: AvroSerde): Promise<number> {
  let seen = 0;
  let fetchingSince: bigint | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const subscription = await bus.subscribe({
    group,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      fetchingSince ??= process.hrtime.bigint();
      if (record.value !== null) await serde.decode(topics.ocppFrames, record.value);
      seen += 1;
      if (seen === expected) finish();
    },
  });
  await subscription.ready;
  fetchingSince ??= process.hrtime.bigint();
  await done;
  const elapsedMs = elapsedMsSince(fetchingSince);
  await subscription.stop();
  return elapsedMs;
}
