/**
 * Sessions and CDR projectors: events/s of the pure evolve (and that it holds as sessions get longer),
 * the time a projector needs to rebuild its state from the input topics at start (its chosen state
 * strategy), measured at 1M events, and the time of a `switchyard replay rebuild` job (projection into a
 * file, then comparison with the live output). No target is set by the brief; numbers are for sizing
 * start-up time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
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
/** About as many events each, in sessions of 30 readings (half an hour) to 3000 (two days). */
const lengthShapes: readonly WorkloadShape[] = [
  { chargers: 2000, sessionsPerCharger: 1, meterValuesPerSession: 30 },
  { chargers: 100, sessionsPerCharger: 1, meterValuesPerSession: 600 },
  { chargers: 20, sessionsPerCharger: 1, meterValuesPerSession: 3000 },
];
/** 1000 x 10 x (97 + 3) = 1,000,000 events. */
const millionShape: WorkloadShape = { chargers: 1000, sessionsPerCharger: 10, meterValuesPerSession: 97 };
const projections = (): readonly Projection<unknown, OutputTopic>[] => [
  sessionsProjection(settings) as Projection<unknown, OutputTopic>,
  cdrsProjection(settings) as Projection<unknown, OutputTopic>,
];

/** Passes per pure evolve row; the rows take turns, so a burst of someone else's load on the shared cores hits them alike. */
const evolvePasses = 3;

interface EvolveCase {
  readonly projection: Projection<unknown, OutputTopic>;
  readonly workload: WorkloadShape;
  readonly label: string;
}

function evolveOnce({ projection, workload }: EvolveCase): { readonly ms: number; readonly outputs: number } {
  let state = projection.initialState;
  for (const input of benchReference(workload)) state = projection.evolve(state, input).state;
  let outputs = 0;
  const start = process.hrtime.bigint();
  for (const event of benchEvents(workload)) {
    const step = projection.evolve(state, { kind: 'charger-event', event });
    state = step.state;
    // Reading each value renders it, as the live consumer does before appending it.
    outputs += step.outputs.filter((output) => output.value.envelope.key.length > 0).length;
  }
  return { ms: elapsedMsSince(start), outputs };
}

/** One row per case, from its fastest pass. */
function evolveRows(cases: readonly EvolveCase[]): (string | number)[][] {
  const fastest = cases.map(() => ({ ms: Number.POSITIVE_INFINITY, outputs: 0 }));
  for (let pass = 0; pass < evolvePasses; pass += 1) {
    cases.forEach((evolveCase, index) => {
      const run = evolveOnce(evolveCase);
      if (run.ms < (fastest[index]?.ms ?? Number.POSITIVE_INFINITY)) fastest[index] = run;
    });
  }
  return cases.map(({ projection, workload, label }, index) => {
    const { ms, outputs } = fastest[index] ?? { ms: Number.NaN, outputs: 0 };
    const events = eventCount(workload);
    return [projection.name, label, events, outputs, Math.round(ms), perSecond(events, ms), '-'];
  });
}

async function fillInputs(bus: EventBus, serde: AvroSerde, workload: WorkloadShape): Promise<void> {
  const reference = benchReference(workload);
  for (const input of reference) {
    if (input.kind === 'tariff' && input.record !== null) await bus.append([{ topic: topics.tariffs, key: input.key, value: await serde.encode(topics.tariffs, input.record) }]);
    if (input.kind === 'location' && input.record !== null) await bus.append([{ topic: topics.locations, key: input.key, value: await serde.encode(topics.locations, input.record) }]);
  }
  let batch = [];
  for (const event of benchEvents(workload)) {
    batch.push({ topic: topics.ocppEvents, key: event.envelope.key, value: await serde.encode(topics.ocppEvents, event), timestamp: event.envelope.recorded_at });
    if (batch.length === 1000) {
      await bus.append(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await bus.append(batch);
}

async function rebuild(bus: EventBus, serde: AvroSerde, projection: Projection<unknown, OutputTopic>, label: string, events: number): Promise<(string | number)[]> {
  const outputsBefore = (await bus.endOffsets(projection.outputTopic)).reduce((sum, partition) => sum + partition.offset, 0);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const running = await startProjector({ bus, serde, projection, logger: silentLogger, groupPrefix: `bench.${projection.name}` });
  await running.ready;
  const elapsed = elapsedMsSince(start);
  // What the running projector holds, not the garbage the rebuild left.
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  await running.stop();
  const outputsAfter = (await bus.endOffsets(projection.outputTopic)).reduce((sum, partition) => sum + partition.offset, 0);
  return [projection.name, label, events, outputsAfter - outputsBefore, Math.round(elapsed), perSecond(events, elapsed), mebibytes(heapAfter - heapBefore)];
}
/** A rebuild job from offset 0 into a file, compared with the outputs the live projector wrote. */
async function rebuildJob(bus: EventBus, serde: AvroSerde, projection: Projection<unknown, OutputTopic>, workDir: string, events: number): Promise<(string | number)[]> {
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

const columns = ['projector', 'run', 'events', 'outputs', 'ms', 'events/s', 'heap delta MiB'];
const titleOf = (workload: WorkloadShape): string =>
  `${workload.chargers} chargers x ${workload.sessionsPerCharger} sessions x ${workload.meterValuesPerSession} meter values (${eventCount(workload).toLocaleString('en-US')} OCPP events)`;

/** A fresh embedded bus holding the workload's inputs, and how long writing them took. */
async function withFilledBus<T>(serde: AvroSerde, workload: WorkloadShape, use: (bus: EventBus, fillMs: number) => Promise<T>): Promise<T> {
  const { bus, close } = await openTestBus();
  try {
    const start = process.hrtime.bigint();
    await fillInputs(bus, serde, workload);
    return await use(bus, elapsedMsSince(start));
  } finally {
    await close();
  }
}

const benchmark: Benchmark = {
  name: 'projectors',
  description: 'sessions and CDR projectors: pure evolve throughput, as sessions get longer, and rebuild time from the input topics at 1M events',
  async run(): Promise<BenchTable[]> {
    const loadBefore = loadavg()[0] ?? 0;
    const events = eventCount(shape);
    const rows = evolveRows(projections().map((projection) => ({ projection, workload: shape, label: 'pure evolve, every output rendered' })));
    const lengthRows = evolveRows(
      lengthShapes.flatMap((workload) =>
        projections().map((projection) => ({ projection, workload, label: `${workload.chargers} chargers x ${workload.meterValuesPerSession} readings, every output rendered` })),
      ),
    );
    const { serde, dispose } = await openTestSerde();
    const workDir = await mkdtemp(join(tmpdir(), 'switchyard-bench-rebuild-'));
    let millionRows: (string | number)[][] = [];
    let millionFillMs = 0;
    try {
      await withFilledBus(serde, shape, async (bus) => {
        for (const projection of projections()) rows.push(await rebuild(bus, serde, projection, 'restart on embedded bus, outputs present', events));
        for (const projection of projections()) rows.push(await rebuildJob(bus, serde, projection, workDir, events));
      });
      millionRows = await withFilledBus(serde, millionShape, async (bus, fillMs) => {
        millionFillMs = fillMs;
        const measured: (string | number)[][] = [];
        for (const projection of projections()) measured.push(await rebuild(bus, serde, projection, 'rebuild on embedded bus, outputs missing', eventCount(millionShape)));
        return measured;
      });
    } finally {
      await dispose();
      await rm(workDir, { recursive: true, force: true });
    }
    const load = `load average (1 min) ${loadBefore.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end, on ${cpus().length} cores shared with other work`;
    return [
      {
        title: `Projectors: ${titleOf(shape)}`,
        columns,
        rows,
        notes: [
          'state is rebuilt in memory at every start by replaying tariffs, locations and switchyard.ocpp.events from offset 0; the restart rows are that cost with nothing left to write',
          'the replay rebuild job rows: the same replay through the job\'s own group into a file, then a read of the live output topic and a per-key comparison (switchyard replay rebuild without --swap)',
          'workload: 11 kW sessions, one meter value a minute, a day/night tariff with start fee and parking; events/s include Avro decoding and, for the bus rows, the bus',
          'heap delta: for the restart rows, what the running projector holds after a full GC; for the job rows, heap in use when the job ended (garbage included)',
          load,
        ],
      },
      {
        title: 'Live Sessions as sessions get longer: the pure evolve, one session per charger',
        columns,
        rows: lengthRows,
        notes: [
          'every Session output is rendered (JSON with charging periods and cost so far), as the live consumer does; the session keeps its usage priced through its last reading, so an event prices only the new reading and the tail to now',
          `pure evolve rows (both tables): the fastest of ${evolvePasses} passes, the rows of a table taking turns`,
          'readings are a chain sharing every earlier reading, so a new reading copies nothing; a late reading or a charging state change in the past prices the session again from its start, once',
          load,
        ],
      },
      {
        title: `Rebuild at 1M events: ${titleOf(millionShape)}`,
        columns,
        rows: millionRows,
        notes: [
          `writing the inputs to the embedded bus (Avro encoding, appends of 1000) took ${Math.round(millionFillMs / 1000)} s, not counted`,
          'one projector at a time, from offset 0 into an empty output topic: each session\'s last Session, each completed session\'s CDR; heap delta is what the running projector holds after a full GC (1000 chargers, the last 8 finished sessions each)',
          load,
        ],
      },
    ];
  },
};

export default benchmark;
