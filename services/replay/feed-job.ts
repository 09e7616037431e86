import { setTimeout as sleep } from 'node:timers/promises';
import { ulid } from 'ulid';
import { topics } from '../core/bus/topic-catalogue.ts';
import { describeError, SwitchyardError } from '../core/errors.ts';
import { compareAnswers, type CallOutcome } from './answer-comparison.ts';
import { callCount, planFeed, type ChargerPlan, type RecordedFrame } from './feed-plan.ts';
import type { JobResult } from './export-job.ts';
import { CheckpointCadence, defaultCheckpointCadence } from './job-checkpoints.ts';
import type { Progress } from './progress.ts';
import { RateSchedule } from './rate-limiter.ts';
import { connectReplayCharger } from './replay-charger.ts';
import { answeredCalls, callKey, type FeedCheckpoint } from './replay-checkpoint.ts';
import { loadJobCheckpoint, type ReplayJobDeps } from './replay-job.ts';
import { isInWindow, recordCount, type TimeWindow } from './replay-window.ts';
import { findWindowRanges, readRanges, replayGroupOf } from './window-reader.ts';

export interface FeedRequest {
  readonly jobId: string;
  /** ws(s)://host[:port]/path; each charger connects to <target>/<charger id>. */
  readonly target: string;
  readonly chargers: (chargerId: string) => boolean;
  readonly window: TimeWindow;
  /** CALLs per second over all chargers; undefined sends as fast as the answers come. */
  readonly ratePerSecond: number | undefined;
  readonly answerTimeoutMs: number;
}

export interface FeedDeps extends ReplayJobDeps {
  readonly readProgress: Progress;
  readonly sendProgress: Progress;
  readonly cadence?: { readonly records: number; readonly intervalMs: number };
}

export interface FeedResult extends JobResult {
  readonly chargers: number;
  readonly calls: number;
  /** Every outcome over every run of the job. */
  readonly outcomes: readonly CallOutcome[];
  /** Chargers the target refused or that could not connect; a rerun tries their remaining CALLs again. */
  readonly failedChargers: readonly { readonly chargerId: string; readonly reason: string }[];
}

/**
 * Re-sends a charger group's recorded CALLs to another CSMS as those chargers and compares its answers
 * with the recorded ones. Every answered CALL goes into the checkpoint, so a rerun sends only the rest.
 */
export async function runFeed(request: FeedRequest, deps: FeedDeps): Promise<FeedResult> {
  const group = replayGroupOf(request.jobId);
  const existing = await loadJobCheckpoint(deps.checkpoints, request.jobId, 'feed', topics.ocppFrames);
  let checkpoint: FeedCheckpoint = existing ?? {
    kind: 'feed',
    jobId: request.jobId,
    topic: topics.ocppFrames,
    window: request.window,
    ranges: await findWindowRanges(deps.bus, group, topics.ocppFrames, request.window),
    outcomes: [],
    done: false,
  };
  const resumed = existing !== undefined;
  if (!resumed) await deps.checkpoints.save(checkpoint);

  const plans = planFeed(await readRecordedFrames(request, deps, checkpoint, group));
  const summary = () => ({ chargers: plans.length, calls: callCount(plans), outcomes: checkpoint.outcomes, resumed });
  if (checkpoint.done) return { status: 'completed', failedChargers: [], ...summary() };

  const answered = answeredCalls(checkpoint);
  const schedule = new RateSchedule(request.ratePerSecond);
  const cadence = new CheckpointCadence(deps.clock, deps.cadence ?? defaultCheckpointCadence);
  const failedChargers: { chargerId: string; reason: string }[] = [];
  const record = async (outcome: CallOutcome) => {
    checkpoint = { ...checkpoint, outcomes: [...checkpoint.outcomes, outcome] };
    deps.sendProgress.advance(1);
    if (cadence.tick()) await deps.checkpoints.save(checkpoint);
  };

  const replayCharger = async (plan: ChargerPlan) => {
    const todo = plan.calls.filter((call) => !answered.has(callKey(plan.chargerId, call.sequence)));
    if (todo.length === 0 || deps.signal.aborted) return;
    let charger;
    try {
      charger = await connectReplayCharger({ target: request.target, chargerId: plan.chargerId, protocol: plan.protocol, connectTimeoutMs: request.answerTimeoutMs });
    } catch (error) {
      failedChargers.push({ chargerId: plan.chargerId, reason: describeError(error) });
      return;
    }
    try {
      for (const call of todo) {
        if (deps.signal.aborted) return;
        const slot = schedule.reserve(deps.clock.now());
        const wait = slot - deps.clock.now();
        if (wait > 0 && !(await sleepUnlessAborted(wait, deps.signal))) return;
        const actual = await charger.call(ulid(), call.action, call.payload, request.answerTimeoutMs);
        const comparison = compareAnswers(call.recorded, actual);
        await record({
          chargerId: plan.chargerId,
          sequence: call.sequence,
          action: call.action,
          originalMessageId: call.originalMessageId,
          recorded: call.recorded,
          actual,
          ...comparison,
        });
      }
    } finally {
      await charger.close();
    }
  };

  deps.sendProgress.start(`feed ${request.target}`, callCount(plans), answered.size);
  try {
    await Promise.all(plans.map(replayCharger));
  } finally {
    deps.sendProgress.stop();
  }
  const complete = !deps.signal.aborted && failedChargers.length === 0;
  checkpoint = { ...checkpoint, done: complete };
  await deps.checkpoints.save(checkpoint);
  return { status: deps.signal.aborted ? 'interrupted' : 'completed', failedChargers, ...summary() };
}

async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** The window's frames of the chosen chargers; read whole on every run (the plan is derived, not saved). */
async function readRecordedFrames(request: FeedRequest, deps: FeedDeps, checkpoint: FeedCheckpoint, group: string): Promise<RecordedFrame[]> {
  const frames: { partition: number; offset: number; frame: RecordedFrame }[] = [];
  deps.readProgress.start(`read ${topics.ocppFrames}`, recordCount(checkpoint.ranges), 0);
  let outcome;
  try {
    outcome = await readRanges({
      bus: deps.bus,
      group,
      topic: topics.ocppFrames,
      ranges: checkpoint.ranges,
      signal: deps.signal,
      onRecord: async (record) => {
        deps.readProgress.advance(1);
        if (record.value === null || !request.chargers(record.key) || !isInWindow(record.timestamp, checkpoint.window)) return;
        const { payload } = await deps.serde.decode(topics.ocppFrames, record.value);
        // The gateway's frames with upstream CSMSs are not the charger's traffic.
        if (payload.upstream !== null) return;
        frames.push({
          partition: record.partition,
          offset: record.offset,
          frame: {
            chargerId: payload.charger_id,
            connectionId: payload.connection_id,
            direction: payload.direction,
            messageType: payload.message_type,
            messageId: payload.message_id,
            protocol: payload.protocol,
            text: payload.text,
          },
        });
      },
    });
  } finally {
    deps.readProgress.stop();
  }
  if (outcome.kind === 'failed') {
    throw new SwitchyardError('replay.feed', `cannot read the recorded frames: ${describeError(outcome.error)}`, { retriable: true, cause: outcome.error });
  }
  if (outcome.kind === 'interrupted') {
    throw new SwitchyardError('replay.interrupted', 'interrupted while reading the recorded frames; rerun to resume', { retriable: true });
  }
  return frames.sort((a, b) => a.partition - b.partition || a.offset - b.offset).map(({ frame }) => frame);
}
