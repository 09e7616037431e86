/**
 * Sessions and CDR projectors: events/s of the pure evolve, the time a projector needs to rebuild its
 * state from the input topics at start (its chosen state strategy), and the time of a `switchyard replay
 * rebuild` job (projection into a file, then comparison with the live output), extrapolated to 1M events.
 * No target is set by the brief; numbers are for sizing start-up time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBus } from '../../services/core/bus/event-bus.ts';
import { systemClock } from '../../services/core/clock.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { cdrsProjection } from '../../services/projectors/cdrs/cdrs-projection.ts';
import type { OutputTopic, Projection } from '../../services/projectors/runtime/projection.ts';
import { startProjector } from '../../services/projectors/runtime/projector-consumer.ts';
import { sessionsProjection } from '../../services/projectors/sessions/sessions-projection.ts';
import type { AvroSerde } from '../../services/core/serde/avro-serde.ts';
import { directoryCheckpointStore } from '../../services/replay/checkpoint-store.ts';
import { silentProgress } from '../../services/replay/progress.ts';
import { runRebuild } from '../../services/replay/rebuild-job.ts';
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

/** A rebuild job from offset 0 into a file, compared with the outputs the live projector wrote. */
async function rebuildJob(bus: EventBus, serde: AvroSerde, projection: Projection<unknown, OutputTopic>, workDir: string): Promise<(string | number)[]> {
  const jobId = `bench-${projection.name}`;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const result = await runRebuild(
    { jobId, projection, fromMs: null, swap: false, rebuiltFile: join(workDir, `${jobId}.rebuilt.jsonl`) },
    { bus, serde, checkpoints: directoryCheckpointStore(workDir), clock: systemClock, progress: silentProgress, signal: new AbortController().signal },
  );
  const elapsed = elapsedMsSince(start);
  const heapAfter = process.memoryUsage().heapUsed;
  if (result.status !== 'completed') throw new Error(`rebuild job ${jobId} was interrupted`);
  const { counts, liveRecords, rebuiltRecords } = result.report;
  const label = `replay rebuild job, compared: ${counts.identical}/${liveRecords} identical`;
  return [projection.name, label, events, rebuiltRecords, Math.round(elapsed), perSecond(events, elapsed), mebibytes(heapAfter - heapBefore)];
}

const benchmark: Benchmark = {
  name: 'projectors',
  description: 'sessions and CDR projectors: pure evolve throughput and rebuild time from the input topics',
  async run(): Promise<BenchTable[]> {
    const rows: (string | number)[][] = projections().map(evolveRow);
    const { serde, dispose } = await openTestSerde();
    const { bus, close } = await openTestBus();
    const workDir = await mkdtemp(join(tmpdir(), 'switchyard-bench-rebuild-'));
    try {
      await fillInputs(bus, serde);
      for (const projection of projections()) rows.push(await rebuild(bus, serde, projection, 'rebuild on embedded bus, outputs missing'));
      for (const projection of projections()) rows.push(await rebuild(bus, serde, projection, 'restart on embedded bus, outputs present'));
      for (const projection of projections()) rows.push(await rebuildJob(bus, serde, projection, workDir));
    } finally {
      await close();
      await dispose();
      await rm(workDir, { recursive: true, force: true });
    }
    const extrapolated = rows
      .filter((row) => String(row[1]).startsWith('restart') || String(row[1]).startsWith('replay rebuild'))
      .map((row) => `${String(row[0])} ${String(row[1]).split(',')[0]}: 1M events ≈ ${Math.round(1_000_000 / Number(row[5]))} s at the measured rate`);
    return [
      {
        title: `Projectors: ${shape.chargers} chargers x ${shape.sessionsPerCharger} sessions x ${shape.meterValuesPerSession} meter values (${events.toLocaleString('en-US')} OCPP events)`,
        columns: ['projector', 'run', 'events', 'outputs', 'ms', 'events/s', 'heap delta MiB'],
        rows,
        notes: [
          'state is rebuilt in memory at every start by replaying tariffs, locations and switchyard.ocpp.events from offset 0; the restart rows are that cost with nothing left to write',
          'the replay rebuild job rows: the same replay through the job\'s own group into a file, then a read of the live output topic and a per-key comparison (switchyard replay rebuild without --swap)',
          ...extrapolated.map((line) => `extrapolated linearly (not measured): ${line}`),
          'a live Session output re-prices the whole session so far, so per-event cost grows with session length (30 readings here); a replay renders only the last Session of each session',
          'workload: 11 kW sessions, one meter value a minute, a day/night tariff with start fee and parking; events/s include Avro decoding and, for the rebuild rows, the bus',
        ],
      },
    ];
  },
};

export default benchmark;
