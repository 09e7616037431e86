import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryCheckpointStore, type CheckpointStore } from '../../../services/replay/checkpoint-store.ts';

/** Where a test's replay jobs write their files, with the jobs' checkpoint store inside it. */
export interface JobWorkDir {
  readonly path: string;
  readonly checkpoints: CheckpointStore;
  remove(): Promise<void>;
}

export async function openJobWorkDir(prefix: string): Promise<JobWorkDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    checkpoints: directoryCheckpointStore(join(path, 'checkpoints')),
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/** The signal of a job nobody interrupts. */
export const neverAborted = new AbortController().signal;
