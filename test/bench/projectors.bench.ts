/**
 * Sessions and CDR projectors: events/s of the pure evolve, and the time a projector needs to rebuild its
 * state from the input topics at start (its chosen state strategy), extrapolated to 1M events.
 * No target is set by the brief; numbers are for sizing start-up time.
 */
import type { EventBus } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { cdrsProjection } from '../../services/projectors/cdrs/cdrs-projection.ts';
import type { OutputTopic, Projection } from '../../services/projectors/runtime/projection.ts';
import { startProjector } from '../../services/projectors/runtime/projector-consumer.ts';
import { sessionsProjection } from '../../services/projectors/sessions/sessions-projection.ts';
import type { AvroSerde } from '../../services/core/serde/avro-serde.ts';
import { settings } from '../projectors/support/projection-run.ts';
import { openTestBus, openTestSerde, silentLogger } from '../projectors/support/projector-bus.ts';
import { benchEvents, benchReference, eventCount, type WorkloadShape } from '../projectors/support/session-workload.ts';
import type { Benchmark, BenchTable } from './report.ts';
import { elapsedMsSince, mebibytes, perSecond } from './stats.ts';

const shape: WorkloadShape = { chargers: 1000, sessionsPerCharger: 3, meterValuesPerSession: 30 };
const events = eventCount(shape);
const projections = (): readonly Projection<unknown, OutputTopic>[] => [
  sessionsProjection(settings) as Projection<unknown, OutputTopic>,
  cdrsProjection(settings) as Projection<unknown, OutputTopic>,
];

function evolveRow(projection: Projection<unknown, OutputTopic>): (string | number)[] {
  let state = projection.initialState;
  for (const input of benchReference(shape)) state = projection.evolve(state, input).state;
  let outputs = 0;
  const start = process.hrtime.bigint();
  for (const event of benchEvents(shape)) {
    const step = projection.evolve(state, { kind: 'charger-event', event });
    state = step.state;
    // Reading each value renders it, as the live consumer does before appending it.
    outputs += step.outputs.filter((output) => output.value.envelope.key.length > 0).length;
  }
  const elapsed = elapsedMsSince(start);
  return [projection.name, 'pure evolve, every output rendered', events, outputs, Math.round(elapsed), perSecond(events, elapsed), '-'];
}

async function fillInputs(bus: EventBus, serde: AvroSerde): Promise<void> {
  const reference = benchReference(shape);
  for (const input of reference) {
    if (input.kind === 'tariff' && input.record !== null) await bus.append([{ topic: topics.tariffs, key: input.key, value: await serde.encode(topics.tariffs, input.record) }]);
    if (input.kind === 'location' && input.record !== null) await bus.append([{ topic: topics.locations, key: input.key, value: await serde.encode(topics.locations, input.record) }]);
  }
  let batch = [];
  for (const event of benchEvents(shape)) {
    batch.push({ topic: topics.ocppEvents, key: event.envelope.key, value: await serde.encode(topics.ocppEvents, event), timestamp: event.envelope.recorded_at });
    if (batch.length === 1000) {
      await bus.append(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await bus.append(batch);
}

async function rebuild(bus: EventBus, serde: AvroSerde, projection: Projection<unknown, OutputTopic>, label: string): Promise<(string | number)[]> {
  const outputsBefore = (await bus.endOffsets(projection.outputTopic)).reduce((sum, partition) => sum + partition.offset, 0);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const running = await startProjector({ bus, serde, projection, logger: silentLogger, groupPrefix: `bench.${projection.name}` });
  await running.ready;
  const elapsed = elapsedMsSince(start);
  const heapAfter = process.memoryUsage().heapUsed;
  await running.stop();
  const outputsAfter = (await bus.endOffsets(projection.outputTopic)).reduce((sum, partition) => sum + partition.offset, 0);
  return [projection.name, label, events, outputsAfter - outputsBefore, Math.round(elapsed), perSecond(events, elapsed), mebibytes(heapAfter - heapBefore)];
}

const benchmark: Benchmark = {
  name: 'projectors',
  description: 'sessions and CDR projectors: pure evolve throughput and rebuild time from the input topics',
  async run(): Promise<BenchTable[]> {
    const rows: (string | number)[][] = projections().map(evolveRow);
    const { serde, dispose } = await openTestSerde();
    const { bus, close } = await openTestBus();
    try {
      await fillInputs(bus, serde);
      for (const projection of projections()) rows.push(await rebuild(bus, serde, projection, 'rebuild on embedded bus, outputs missing'));
      for (const projection of projections()) rows.push(await rebuild(bus, serde, projection, 'restart on embedded bus, outputs present'));
    } finally {
      await close();
      await dispose();
    }
    const extrapolated = rows
      .filter((row) => String(row[1]).startsWith('restart'))
      .map((row) => `${String(row[0])}: 1M events ≈ ${Math.round(1_000_000 / Number(row[5]))} s at the measured rate`);
    return [
      {
        title: `Projectors: ${shape.chargers} chargers x ${shape.sessionsPerCharger} sessions x ${shape.meterValuesPerSession} meter values (${events.toLocaleString('en-US')} OCPP events)`,
        columns: ['projector', 'run', 'events', 'outputs', 'ms', 'events/s', 'heap delta MiB'],
        rows,
        notes: [
          'state is rebuilt in memory at every start by replaying tariffs, locations and switchyard.ocpp.events from offset 0; the restart rows are that cost with nothing left to write',
          ...extrapolated.map((line) => `extrapolated linearly (not measured): ${line}`),
          'a live Session output re-prices the whole session so far, so per-event cost grows with session length (30 readings here); a replay renders only the last Session of each session',
          'workload: 11 kW sessions, one meter value a minute, a day/night tariff with start fee and parking; events/s include Avro decoding and, for the rebuild rows, the bus',
        ],
      },
    ];
  },
};

export default benchmark;
