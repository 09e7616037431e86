import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJobCheckpoint } from '../../services/replay/replay-job.ts';
import type { ExportCheckpoint, ReplayCheckpoint } from '../../services/replay/replay-checkpoint.ts';
import { openJobWorkDir, type JobWorkDir } from './support/job-work-dir.ts';

const exportOfFrames: ExportCheckpoint = {
  kind: 'export',
  jobId: 'export-frames',
  topic: 'switchyard.ocpp.frames',
  window: { fromMs: 0, toMs: 10 },
  ranges: [{ partition: 0, start: 0, end: 5 }],
  positions: { '0': 2 },
  outputBytes: 120,
  exported: 2,
  done: false,
};

describe('a replay job resumes only its own checkpoint', () => {
  let work: JobWorkDir;

  beforeAll(async () => {
    work = await openJobWorkDir('switchyard-replay-job-');
    await work.checkpoints.save(exportOfFrames);
  });

  afterAll(async () => {
    await work?.remove();
  });

  it.each<{ given: string; jobId: string; kind: ReplayCheckpoint['kind']; topic: string; then: ExportCheckpoint | undefined }>([
    { given: 'no checkpoint under the job id', jobId: 'export-other', kind: 'export', topic: 'switchyard.ocpp.frames', then: undefined },
    { given: 'the checkpoint of the same kind and topic', jobId: 'export-frames', kind: 'export', topic: 'switchyard.ocpp.frames', then: exportOfFrames },
  ])('given $given, it resumes from it', async ({ jobId, kind, topic, then }) => {
    expect(await loadJobCheckpoint(work.checkpoints, jobId, kind, topic)).toEqual(then);
  });

  it.each<{ given: string; kind: ReplayCheckpoint['kind']; topic: string }>([
    { given: 'another kind of job', kind: 'feed', topic: 'switchyard.ocpp.frames' },
    { given: 'another topic', kind: 'export', topic: 'switchyard.ocpp.events' },
  ])('given a checkpoint of $given, it refuses to resume it and names the job that owns it', async ({ kind, topic }) => {
    await expect(loadJobCheckpoint(work.checkpoints, 'export-frames', kind, topic)).rejects.toMatchObject({
      message: 'job export-frames is a export job of switchyard.ocpp.frames; pick another --job or pass --restart',
      retriable: false,
    });
  });
});
