import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../services/core/clock.ts';
import type { OcppFrameEvent } from '../../services/core/events/generated-types.ts';
import { chargerMatcher } from '../../services/replay/charger-glob.ts';
import { readAvroFrames } from '../../services/replay/export-format.ts';
import { runExport, type ExportRequest } from '../../services/replay/export-job.ts';
import { runFeed, type FeedRequest } from '../../services/replay/feed-job.ts';
import { silentProgress, type Progress } from '../../services/replay/progress.ts';
import { parseWindow } from '../../services/replay/replay-window.ts';
import { UpstreamCsms } from '../gateway/support/upstream-csms.ts';
import { callsPerCharger, recordedChargers, recordTraffic, type Recording } from './support/recorded-traffic.ts';
import { neverAborted, openJobWorkDir, type JobWorkDir } from './support/job-work-dir.ts';

/** Aborts the job once it has made `after` steps of progress: an operator's Ctrl-C, at a known point. */
function interruptAfter(after: number): { progress: Progress; signal: AbortSignal } {
  const aborter = new AbortController();
  let done = 0;
  return {
    signal: aborter.signal,
    progress: {
      start: () => undefined,
      advance: (count) => {
        done += count;
        if (done >= after) aborter.abort();
      },
      stop: () => undefined,
    },
  };
}

const everyRecord = { records: 1, intervalMs: 60_000 };

describe('replay jobs on recorded charger traffic', () => {
  let recording: Recording;
  let work: JobWorkDir;

  beforeAll(async () => {
    recording = await recordTraffic();
    work = await openJobWorkDir('switchyard-replay-out-');
  });

  afterAll(async () => {
    await recording?.cleanup();
    await work?.remove();
  });

  const exportRequest = (jobId: string, format: ExportRequest['format']): ExportRequest => ({
    jobId,
    topic: topics.ocppFrames,
    window: parseWindow(recording.from, recording.to, systemClock.now()),
    format,
    outFile: join(work.path, `${jobId}.${format}`),
  });
  const exportDeps = { clock: systemClock, cadence: everyRecord };

  it('exports the window as JSON lines, one decoded record per line', async () => {
    const request = exportRequest('export-whole', 'jsonl');
    const result = await runExport(request, { ...exportDeps, bus: recording.bus, serde: recording.serde, checkpoints: work.checkpoints, progress: silentProgress, signal: neverAborted });
    const totalFrames = recordedChargers.length * callsPerCharger.length * 2;
    expect(result).toEqual({ status: 'completed', resumed: false, exported: totalFrames });
    const lines = (await readFile(request.outFile, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(totalFrames);
    for (const chargerId of recordedChargers) {
      const texts = lines
        .filter((line) => line['key'] === chargerId)
        .map((line) => (line['value'] as OcppFrameEvent).payload.text);
      expect(texts).toEqual(recording.frameTexts.get(chargerId));
    }
    expect(lines[0]).toMatchObject({ topic: topics.ocppFrames, partition: expect.any(Number), offset: expect.any(Number), headers: expect.any(Object) });
    expect(Date.parse(String(lines[0]?.['timestamp']))).toBeGreaterThanOrEqual(Date.parse(recording.from));
  });

  it('resumes an interrupted export from its checkpoint into a byte-identical file', async () => {
    const request = exportRequest('export-interrupted', 'jsonl');
    const interruption = interruptAfter(3);
    const deps = { ...exportDeps, bus: recording.bus, serde: recording.serde, checkpoints: work.checkpoints };
    const first = await runExport(request, { ...deps, ...interruption });
    expect(first.status).toBe('interrupted');
    expect(first.exported).toBeGreaterThanOrEqual(3);
    expect(first.exported).toBeLessThan(recordedChargers.length * callsPerCharger.length * 2);
    expect(await work.checkpoints.load(request.jobId)).toMatchObject({ kind: 'export', done: false, exported: first.exported });

    const second = await runExport(request, { ...deps, progress: silentProgress, signal: neverAborted });
    expect(second).toMatchObject({ status: 'completed', resumed: true });
    expect(await readFile(request.outFile, 'utf8')).toBe(await readFile(join(work.path, 'export-whole.jsonl'), 'utf8'));
  });

  it('exports Avro wire bytes that decode to the recorded frames', async () => {
    const request = exportRequest('export-avro', 'avro');
    await runExport(request, { ...exportDeps, bus: recording.bus, serde: recording.serde, checkpoints: work.checkpoints, progress: silentProgress, signal: neverAborted });
    const values = readAvroFrames(await readFile(request.outFile));
    const decoded = await Promise.all(values.map((value) => recording.serde.decode(topics.ocppFrames, value ?? Buffer.alloc(0))));
    expect(decoded.filter((frame) => frame.payload.charger_id === 'CP-R1').map((frame) => frame.payload.text)).toEqual(recording.frameTexts.get('CP-R1'));
    expect(decoded).toHaveLength(recordedChargers.length * callsPerCharger.length * 2);
  });

  describe('feeding a new CSMS', () => {
    const csms = new UpstreamCsms('ocpp1.6', {
      BootNotification: () => ({ status: 'Accepted', interval: 300, currentTime: new Date().toISOString() }),
      StatusNotification: () => ({}),
      Authorize: () => ({ idTagInfo: { status: 'Blocked' } }),
      Heartbeat: () => ({ currentTime: new Date().toISOString() }),
    });
    beforeAll(() => csms.start());
    afterAll(() => csms.stop());

    it('re-sends each charger\'s CALLs once across an interruption and reports the answers against the recorded ones', async () => {
      const request: FeedRequest = {
        jobId: 'feed-interrupted',
        target: csms.url,
        chargers: chargerMatcher('CP-R*'),
        window: parseWindow(recording.from, recording.to, systemClock.now()),
        ratePerSecond: 50,
        answerTimeoutMs: 5_000,
      };
      const deps = { bus: recording.bus, serde: recording.serde, checkpoints: work.checkpoints, clock: systemClock, readProgress: silentProgress, cadence: everyRecord };
      const interruption = interruptAfter(3);
      const first = await runFeed(request, { ...deps, sendProgress: interruption.progress, signal: interruption.signal });
      expect(first.status).toBe('interrupted');
      expect(first.outcomes.length).toBeGreaterThanOrEqual(3);
      expect(first.outcomes.length).toBeLessThan(first.calls);

      const second = await runFeed(request, { ...deps, sendProgress: silentProgress, signal: neverAborted });
      expect(second).toMatchObject({ status: 'completed', resumed: true, chargers: 2, calls: 8, failedChargers: [] });
      // Every recorded CALL reached the new CSMS exactly once, in the recorded order, as its charger.
      for (const chargerId of recordedChargers) expect(csms.actionsFrom(chargerId)).toEqual(callsPerCharger);
      expect(csms.received.find((call) => call.action === 'Authorize' && call.chargerId === 'CP-R2')?.params).toEqual({ idTag: 'TAG-CP-R2' });

      const verdicts = Object.fromEntries(
        second.outcomes.filter((outcome) => outcome.chargerId === 'CP-R1').map((outcome) => [outcome.action, [outcome.verdict, outcome.differingPaths]]),
      );
      expect(verdicts).toEqual({
        BootNotification: ['payload-differs', ['$.currentTime']],
        StatusNotification: ['match', []],
        Authorize: ['payload-differs', ['$.idTagInfo.status']],
        Heartbeat: ['payload-differs', ['$.currentTime']],
      });
      expect(await work.checkpoints.load(request.jobId)).toMatchObject({ done: true });
    });
  });
});
