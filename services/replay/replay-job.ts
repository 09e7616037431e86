import type { EventBus } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { SwitchyardError } from '../core/errors.ts';
import type { Serde } from '../core/serde/serde.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import type { ReplayCheckpoint } from './replay-checkpoint.ts';

/** What every replay job (export, feed, rebuild) runs on. */
export interface ReplayJobDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly checkpoints: CheckpointStore;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

type CheckpointOf<K extends ReplayCheckpoint['kind']> = Extract<ReplayCheckpoint, { readonly kind: K }>;

function isOfKind<K extends ReplayCheckpoint['kind']>(checkpoint: ReplayCheckpoint, kind: K): checkpoint is CheckpointOf<K> {
  return checkpoint.kind === kind;
}

/**
 * The checkpoint a job resumes from, if it has one. A job id is one job: a checkpoint under it of another
 * kind of job or of another topic is refused rather than resumed as this one.
 */
export async function loadJobCheckpoint<K extends ReplayCheckpoint['kind']>(
  checkpoints: CheckpointStore,
  jobId: string,
  kind: K,
  topic: string,
): Promise<CheckpointOf<K> | undefined> {
  const existing = await checkpoints.load(jobId);
  if (existing === undefined) return undefined;
  if (!isOfKind(existing, kind) || existing.topic !== topic) {
    throw new SwitchyardError('replay.checkpoint', `job ${jobId} is a ${existing.kind} job of ${existing.topic}; pick another --job or pass --restart`, {
      retriable: false,
    });
  }
  return existing;
}
