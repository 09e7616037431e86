import type { BusRecord, EventBus } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { describeError, SwitchyardError } from '../core/errors.ts';
import type { Serde } from '../core/serde/serde.ts';
import { outputAppendRequest } from '../projectors/runtime/output-records.ts';
import { flagsHeader, type OutputTopic, type ProjectedRecord, type Projection } from '../projectors/runtime/projection.ts';
import { decodeProjectorInput, projectorInputTopics, referenceTopics } from '../projectors/runtime/projector-inputs.ts';
import type { JobResult } from './export-job.ts';
import { compareOutputs, planSwap, withParsedObject, type ComparableOutput } from './output-comparison.ts';
import type { Progress } from './progress.ts';
import { rebuildReport, type RebuildReport } from './rebuild-report.ts';
import { readRebuiltRecords, writeRebuiltRecords, type RebuiltRecord } from './rebuilt-outputs.ts';
import type { RebuildCheckpoint } from './replay-checkpoint.ts';
import { loadJobCheckpoint, type ReplayJobDeps } from './replay-job.ts';
import { recordCount, type ReadRange } from './replay-window.ts';
import { rangesToEnd, readRanges, replayGroupOf, type ReadOutcome } from './window-reader.ts';

export interface RebuildRequest {
  readonly jobId: string;
  readonly projection: Projection<unknown, OutputTopic>;
  /** Charger events from this instant; null: from offset 0. Reference data is always read whole. */
  readonly fromMs: number | null;
  readonly swap: boolean;
  /** Where the rebuilt outputs go (the data dir's replay/ in the CLI). */
  readonly rebuiltFile: string;
}

export interface RebuildDeps extends ReplayJobDeps {
  readonly progress: Progress;
}

export type RebuildResult =
  | (JobResult & { readonly status: 'completed'; readonly report: RebuildReport })
  | (JobResult & { readonly status: 'interrupted' });

const swapBatchSize = 500;

/**
 * Rebuilds a projector's output from its inputs into a file, with the live projector's own code, then
 * compares it with the live output topic and, with `swap`, appends what the live topic lacks. Reads
 * through a group of its own; writes to no topic without `swap`.
 */
export async function runRebuild(request: RebuildRequest, deps: RebuildDeps): Promise<RebuildResult> {
  const { projection } = request;
  const group = replayGroupOf(request.jobId);
  const existing = await loadJobCheckpoint(deps.checkpoints, request.jobId, 'rebuild', projection.outputTopic);
  const resumed = existing !== undefined;
  let checkpoint: RebuildCheckpoint = existing ?? (await pinRanges(request, deps.bus, group, deps.clock));
  const save = () => deps.checkpoints.save(checkpoint);
  if (!resumed) await save();

  let inputCounts = checkpoint.rebuilt;
  if (inputCounts === null) {
    const projected = await project(projection, checkpoint, group, deps);
    if (projected.kind !== 'completed') return finishedEarly(projected, resumed);
    await writeRebuiltRecords(request.rebuiltFile, projected.records);
    inputCounts = projected.counts;
    checkpoint = { ...checkpoint, rebuilt: inputCounts };
    await save();
  }
  const rebuilt = await readRebuiltRecords(request.rebuiltFile);

  const live = await readLive(projection.outputTopic, checkpoint.live, group, deps);
  if (live.kind !== 'completed') return finishedEarly(live, resumed);
  const rebuiltComparable = new Map(await Promise.all(rebuilt.map(async (record) => [record.key, await comparable(record, projection.outputTopic, deps.serde)] as const)));
  const outcomes = compareOutputs(live.atPin, rebuiltComparable);

  if (request.swap) {
    if (checkpoint.swap === null) {
      checkpoint = { ...checkpoint, swap: { ...planSwap(outcomes, projection.outputKind, live.changedSincePin), appended: 0 } };
      await save();
    }
    checkpoint = await appendSwap(rebuilt, projection.outputTopic, checkpoint, deps);
  }
  const report = rebuildReport({
    header: {
      jobId: request.jobId,
      projector: projection.name,
      outputTopic: projection.outputTopic,
      from: checkpoint.fromMs === null ? null : new Date(checkpoint.fromMs).toISOString(),
      pinnedAt: new Date(checkpoint.pinnedAtMs).toISOString(),
      inputs: checkpoint.inputs,
      ...inputCounts,
      swap: checkpoint.swap,
    },
    outcomes,
    live: live.atPin,
    rebuilt: rebuiltComparable,
  });
  return { status: 'completed', resumed, report };
}

async function pinRanges(request: RebuildRequest, bus: EventBus, group: string, clock: Clock): Promise<RebuildCheckpoint> {
  const inputs = [];
  for (const topic of projectorInputTopics) {
    const isReference = (referenceTopics as readonly string[]).includes(topic);
    inputs.push({ topic, ranges: await rangesToEnd(bus, group, topic, isReference ? 0 : (request.fromMs ?? 0)) });
  }
  return {
    kind: 'rebuild',
    jobId: request.jobId,
    projector: request.projection.name,
    topic: request.projection.outputTopic,
    fromMs: request.fromMs,
    pinnedAtMs: clock.now(),
    inputs,
    live: await rangesToEnd(bus, group, request.projection.outputTopic, 0),
    rebuilt: null,
    swap: null,
  };
}

type Projected =
  | { readonly kind: 'completed'; readonly records: RebuiltRecord[]; readonly counts: NonNullable<RebuildCheckpoint['rebuilt']> }
  | Exclude<ReadOutcome, { readonly kind: 'completed' }>;

/**
 * The live consumer's replay, into memory: inputs in the pinned order, each output kept as the output
 * topic would keep it (the last value per key; every key once for immutable outputs), inputs that fail
 * to decode or evolve skipped and counted, as the live projector does with its backlog.
 */
async function project(projection: Projection<unknown, OutputTopic>, checkpoint: RebuildCheckpoint, group: string, deps: RebuildDeps): Promise<Projected> {
  let state = projection.initialState;
  const kept = new Map<string, ProjectedRecord<OutputTopic>>();
  const counts = { inputsRead: 0, inputsUnused: 0, inputsRejected: 0 };
  const onRecord = async (record: BusRecord): Promise<void> => {
    counts.inputsRead += 1;
    deps.progress.advance(1);
    try {
      const input = await decodeProjectorInput(deps.serde, record);
      if (input === null) return;
      const step = projection.evolve(state, input);
      state = step.state;
      if (step.rejected !== null) counts.inputsRejected += 1;
      for (const output of step.outputs) {
        if (projection.outputKind === 'latest-per-key' || !kept.has(output.key)) kept.set(output.key, output);
      }
    } catch {
      counts.inputsUnused += 1;
    }
  };
  for (const input of checkpoint.inputs) {
    const outcome = await withProgress(deps.progress, `rebuild ${projection.name}: ${input.topic}`, input.ranges, () =>
      readRanges({ bus: deps.bus, group, topic: input.topic, ranges: input.ranges, signal: deps.signal, onRecord }),
    );
    if (outcome.kind !== 'completed') return outcome;
  }
  const outputs = [...kept.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const records = await Promise.all(
    outputs.map(async (output) => {
      const request = await outputAppendRequest(deps.serde, projection.outputTopic, output);
      return { key: request.key, value: request.value, headers: request.headers ?? {}, timestamp: request.timestamp };
    }),
  );
  return { kind: 'completed', records, counts };
}

type LiveRead =
  | {
      readonly kind: 'completed';
      /** Each key's latest value up to the pinned ends. */
      readonly atPin: Map<string, ComparableOutput>;
      /** Keys the live topic wrote after the pinned ends: newer than the rebuild. */
      readonly changedSincePin: Set<string>;
    }
  | Exclude<ReadOutcome, { readonly kind: 'completed' }>;

async function readLive(topic: OutputTopic, pinned: readonly ReadRange[], group: string, deps: RebuildDeps): Promise<LiveRead> {
  const pinnedEnd = new Map(pinned.map((range) => [range.partition, range.end]));
  const ends = new Map((await deps.bus.endOffsets(topic)).map(({ partition, offset }) => [partition, offset]));
  const ranges = pinned.map((range) => ({ ...range, end: Math.max(range.end, ends.get(range.partition) ?? range.end) }));
  const atPin = new Map<string, ComparableOutput>();
  const changedSincePin = new Set<string>();
  const outcome = await withProgress(deps.progress, `compare with ${topic}`, ranges, () =>
    readRanges({
      bus: deps.bus,
      group,
      topic,
      ranges,
      signal: deps.signal,
      onRecord: async (record) => {
        deps.progress.advance(1);
        if (record.offset >= (pinnedEnd.get(record.partition) ?? 0)) changedSincePin.add(record.key);
        else if (record.value === null) atPin.delete(record.key);
        else atPin.set(record.key, await comparable({ ...record, value: Buffer.from(record.value) }, topic, deps.serde));
      },
    }),
  );
  if (outcome.kind !== 'completed') return outcome;
  return { kind: 'completed', atPin, changedSincePin };
}

async function comparable(record: Pick<RebuiltRecord, 'key' | 'value' | 'headers'>, topic: OutputTopic, serde: Serde): Promise<ComparableOutput> {
  return {
    key: record.key,
    bytes: record.value.toString('base64'),
    flags: record.headers[flagsHeader] ?? null,
    value: withParsedObject(await serde.decode(topic, record.value)),
  };
}

/** Appends the pinned swap plan's records from where an earlier run stopped, saving progress after each batch. */
async function appendSwap(rebuilt: readonly RebuiltRecord[], topic: OutputTopic, start: RebuildCheckpoint, deps: RebuildDeps): Promise<RebuildCheckpoint> {
  const byKey = new Map(rebuilt.map((record) => [record.key, record]));
  let checkpoint = start;
  let swap = start.swap;
  if (swap === null) return start;
  deps.progress.start(`swap into ${topic}`, swap.append.length, swap.appended);
  try {
    while (swap.appended < swap.append.length) {
      const keys = swap.append.slice(swap.appended, swap.appended + swapBatchSize);
      await deps.bus.append(
        keys.flatMap((key) => {
          const record = byKey.get(key);
          return record === undefined ? [] : [{ topic, key, value: record.value, headers: record.headers, timestamp: record.timestamp }];
        }),
      );
      swap = { ...swap, appended: swap.appended + keys.length };
      checkpoint = { ...checkpoint, swap };
      await deps.checkpoints.save(checkpoint);
      deps.progress.advance(keys.length);
    }
  } finally {
    deps.progress.stop();
  }
  return checkpoint;
}

async function withProgress<R>(progress: Progress, label: string, ranges: readonly ReadRange[], work: () => Promise<R>): Promise<R> {
  progress.start(label, recordCount(ranges), 0);
  try {
    return await work();
  } finally {
    progress.stop();
  }
}

function finishedEarly(outcome: Exclude<ReadOutcome, { readonly kind: 'completed' }>, resumed: boolean): RebuildResult {
  if (outcome.kind === 'failed') {
    throw new SwitchyardError('replay.rebuild', `rebuild stopped: ${describeError(outcome.error)}; rerun to resume`, { retriable: true, cause: outcome.error });
  }
  return { status: 'interrupted', resumed };
}
