import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SwitchyardError } from '../core/errors.ts';
import type { ReplayCheckpoint } from './replay-checkpoint.ts';

/** Where replay jobs keep their progress. */
export interface CheckpointStore {
  load(jobId: string): Promise<ReplayCheckpoint | undefined>;
  save(checkpoint: ReplayCheckpoint): Promise<void>;
  discard(jobId: string): Promise<void>;
  /** Where a job's checkpoint lives, for messages to the operator. */
  locationOf(jobId: string): string;
}

/** One small JSON file per job in a directory (the data dir's replay/), replaced atomically on each save. */
export function directoryCheckpointStore(directory: string): CheckpointStore {
  const fileOf = (jobId: string) => path.join(directory, `${jobId}.checkpoint.json`);
  let saving: Promise<void> = Promise.resolve();
  return {
    locationOf: fileOf,
    async load(jobId) {
      let text: string;
      try {
        text = await readFile(fileOf(jobId), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new SwitchyardError('replay.checkpoint', `cannot read ${fileOf(jobId)}`, { retriable: true, cause: error });
      }
      const parsed = JSON.parse(text) as Partial<ReplayCheckpoint>;
      if (parsed.jobId !== jobId || (parsed.kind !== 'export' && parsed.kind !== 'feed' && parsed.kind !== 'rebuild')) {
        throw new SwitchyardError('replay.checkpoint', `${fileOf(jobId)} is not a checkpoint of job ${jobId}; delete it or pass --restart`, {
          retriable: false,
        });
      }
      return parsed as ReplayCheckpoint;
    },
    save(checkpoint) {
      // Saves run one at a time, in call order: concurrent ones (a feed's chargers) would share the draft
      // file, and an older checkpoint must never land after a newer one.
      const saved = saving.then(async () => {
        const file = fileOf(checkpoint.jobId);
        const draft = `${file}.${process.pid}.tmp`;
        try {
          await mkdir(directory, { recursive: true });
          await writeFile(draft, `${JSON.stringify(checkpoint)}\n`);
          await rename(draft, file);
        } catch (error) {
          throw new SwitchyardError('replay.checkpoint', `cannot write ${file}`, { retriable: true, cause: error });
        }
      });
      saving = saved.catch(() => undefined);
      return saved;
    },
    async discard(jobId) {
      await rm(fileOf(jobId), { force: true });
    },
  };
}
