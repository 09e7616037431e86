import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../services/core/clock.ts';
import type { EventBus } from '../../services/core/bus/event-bus.ts';
import { projections, type ProjectionName } from '../../services/projectors/projections.ts';
import { silentProgress, type Progress } from '../../services/replay/progress.ts';
import type { RebuildReport } from '../../services/replay/rebuild-report.ts';
import { runRebuild, type RebuildRequest } from '../../services/replay/rebuild-job.ts';
import { ChargerScript } from '../projectors/support/charger-script.ts';
import { settings } from '../projectors/support/projection-run.ts';
import { latestByKey, readAll } from '../projectors/support/projector-bus.ts';
import { chargeSessions, chargingCharger, completingChargers, type ChargedSessions } from './support/charged-sessions.ts';
import { neverAborted, openJobWorkDir, type JobWorkDir } from './support/job-work-dir.ts';


/** Aborts the job at the first progress step of the phase whose label starts with `phase`, as a Ctrl-C there would. */
function interruptIn(phase: string): { progress: Progress; signal: AbortSignal; labels: string[] } {
  const aborter = new AbortController();
  const labels: string[] = [];
  return {
    signal: aborter.signal,
    labels,
    progress: {
      start: (label) => labels.push(label),
      advance: () => {
        if (labels.at(-1)?.startsWith(phase) === true) aborter.abort();
      },
      stop: () => undefined,
    },
  };
}

function recordingProgress(): { progress: Progress; labels: string[] } {
  const labels: string[] = [];
  return { labels, progress: { ...silentProgress, start: (label) => labels.push(label) } };
}

const outputEnds = async (bus: EventBus) => [await bus.endOffsets(topics.sessions), await bus.endOffsets(topics.cdrs)];

describe('replay rebuild of the projections of real charging sessions', () => {
  let charged: ChargedSessions;
  let work: JobWorkDir;

  beforeAll(async () => {
    charged = await chargeSessions();
    work = await openJobWorkDir('switchyard-rebuild-out-');
  }, 60_000);

  afterAll(async () => {
    await charged?.cleanup();
    await work?.remove();
  });

  const request = (jobId: string, projector: ProjectionName, swap = false): RebuildRequest => ({
    jobId,
    projection: projections[projector](settings),
    fromMs: null,
    swap,
    rebuiltFile: join(work.path, `${jobId}.rebuilt.jsonl`),
  });
  const rebuild = async (jobRequest: RebuildRequest, progress: Progress = silentProgress, signal = neverAborted) =>
    runRebuild(jobRequest, { bus: charged.bus, serde: charged.serde, checkpoints: work.checkpoints, clock: systemClock, progress, signal });
  const completedReport = async (jobRequest: RebuildRequest, progress?: Progress): Promise<RebuildReport> => {
    const result = await rebuild(jobRequest, progress);
    if (result.status !== 'completed') throw new Error(`rebuild ${jobRequest.jobId} was interrupted`);
    return result.report;
  };

  it('rebuilds byte-identical Sessions and CDRs from offset 0, writing to no topic', async () => {
    const before = await outputEnds(charged.bus);
    const sessions = await completedReport(request('sessions-identical', 'sessions'));
    const sessionCount = completingChargers.length + 1;
    expect(sessions).toMatchObject({
      projector: 'sessions',
      outputTopic: topics.sessions,
      from: null,
      liveRecords: sessionCount,
      rebuiltRecords: sessionCount,
      counts: { identical: sessionCount, differs: 0, 'only-live': 0, 'only-rebuilt': 0 },
      inputsUnused: 0,
      inputsRejected: 0,
      swap: null,
    });
    expect(sessions.inputs.map((input) => input.topic)).toEqual([topics.tariffs, topics.locations, topics.tokens, topics.ocppEvents]);

    const cdrs = await completedReport(request('cdrs-identical', 'cdrs'));
    expect(cdrs).toMatchObject({ liveRecords: 2, rebuiltRecords: 2, counts: { identical: 2, differs: 0, 'only-live': 0, 'only-rebuilt': 0 } });
    const cdrTokens = await Promise.all((await readAll(charged.bus, topics.cdrs)).map(async (record) => (await charged.serde.decode(topics.cdrs, record.value ?? Buffer.alloc(0))).payload.cdr_token));
    expect(cdrTokens.map((token) => `${token.country_code}/${token.party_id}/${token.uid}`).sort()).toEqual([`DE/EMS/TAG-${completingChargers[0]}`, `NL/SWY/TAG-${completingChargers[1]}`]);
    expect(await outputEnds(charged.bus)).toEqual(before);

    // The rebuilt file holds exactly the live topic's latest bytes per key.
    const rebuiltLines = (await readFile(join(work.path, 'sessions-identical.rebuilt.jsonl'), 'utf8')).trimEnd().split('\n');
    const rebuiltBytes = new Map(rebuiltLines.map((line) => JSON.parse(line) as { key: string; value_base64: string }).map((line) => [line.key, line.value_base64]));
    expect(rebuiltBytes).toEqual(latestByKey(await readAll(charged.bus, topics.sessions)));
  });

  it('from a timestamp, reads charger events from there on but reference data whole', async () => {
    const report = await completedReport({ ...request('sessions-from-now', 'sessions'), fromMs: systemClock.now() });
    const rangeSizes = report.inputs.map((input) => [input.topic, input.ranges.reduce((sum, range) => sum + range.end - range.start, 0)]);
    expect(rangeSizes).toEqual([
      [topics.tariffs, 1],
      [topics.locations, 1],
      [topics.tokens, 1],
      [topics.ocppEvents, 0],
    ]);
    expect(report).toMatchObject({ from: expect.any(String), rebuiltRecords: 0, counts: { 'only-live': completingChargers.length + 1 } });
  });

  it('names a tampered live Session and CDR with their differing paths, and --swap restores the Session only', async () => {
    const liveSessions = await Promise.all(
      (await readAll(charged.bus, topics.sessions)).map(async (record) => ({ record, session: await charged.serde.decode(topics.sessions, record.value ?? Buffer.alloc(0)) })),
    );
    const latest = liveSessions.filter(({ session }) => session.payload.charger_id === chargingCharger).at(-1);
    if (latest?.record.value == null) throw new Error(`no live session of ${chargingCharger}`);
    const { record: running, session } = latest;
    const liveBytes = Buffer.from(latest.record.value).toString('base64');
    expect(session.payload.status).toBe('ACTIVE');
    const object = JSON.parse(session.payload.object_json) as Record<string, unknown>;
    const tamperedSession = { ...session, payload: { ...session.payload, kwh: 99, object_json: JSON.stringify({ ...object, kwh: 99 }) } };
    const [liveCdr] = await readAll(charged.bus, topics.cdrs);
    if (liveCdr?.value == null) throw new Error('no live CDR');
    const cdr = await charged.serde.decode(topics.cdrs, liveCdr.value);
    await charged.bus.append([
      { topic: topics.sessions, key: running.key, value: await charged.serde.encode(topics.sessions, tamperedSession), timestamp: running.timestamp },
      { topic: topics.cdrs, key: liveCdr.key, value: await charged.serde.encode(topics.cdrs, { ...cdr, payload: { ...cdr.payload, credit: true } }), timestamp: liveCdr.timestamp },
    ]);

    const sessions = await completedReport(request('sessions-tampered', 'sessions'));
    expect(sessions.counts).toEqual({ identical: completingChargers.length, differs: 1, 'only-live': 0, 'only-rebuilt': 0 });
    const differing = sessions.outcomes.find((outcome) => outcome.verdict === 'differs');
    expect(differing).toMatchObject({ key: running.key, differingPaths: ['$.payload.kwh', '$.payload.object_json.kwh'] });
    expect(differing?.live).toMatchObject({ payload: { kwh: 99 } });
    expect(differing?.rebuilt).toMatchObject({ payload: { kwh: session.payload.kwh } });

    const cdrs = await completedReport(request('cdrs-tampered', 'cdrs', true));
    expect(cdrs.outcomes.filter((outcome) => outcome.verdict === 'differs')).toMatchObject([{ key: liveCdr.key, differingPaths: ['$.payload.credit'] }]);
    expect(cdrs.swap).toEqual({ append: [], kept: [{ key: liveCdr.key, reason: 'immutable record: correct it with a new record, not an edit' }], appended: 0 });

    // The same job rerun with --swap compares again without projecting and appends the rebuilt Session.
    const rerun = recordingProgress();
    const swapped = await completedReport(request('sessions-tampered', 'sessions', true), rerun.progress);
    expect(rerun.labels).toEqual([`compare with ${topics.sessions}`, `swap into ${topics.sessions}`]);
    expect(swapped.swap).toEqual({ append: [running.key], kept: [], appended: 1 });
    expect(latestByKey(await readAll(charged.bus, topics.sessions)).get(running.key)).toBe(liveBytes);
    // A swapped job rerun appends nothing more.
    const endsAfterSwap = await outputEnds(charged.bus);
    expect((await completedReport(request('sessions-tampered', 'sessions', true))).swap).toMatchObject({ appended: 1 });
    expect(await outputEnds(charged.bus)).toEqual(endsAfterSwap);

    expect((await completedReport(request('sessions-after-swap', 'sessions'))).counts).toMatchObject({ identical: completingChargers.length + 1, differs: 0 });
  });

  it('resumes an interrupted rebuild on the ranges pinned at its first run, and does not project again once projected', async () => {
    const identical = { identical: completingChargers.length + 1, differs: 0, 'only-live': 0, 'only-rebuilt': 0 };
    const duringProjection = interruptIn('rebuild sessions: switchyard.ocpp.events');
    expect(await rebuild(request('sessions-interrupted', 'sessions'), duringProjection.progress, duringProjection.signal)).toEqual({
      status: 'interrupted',
      resumed: false,
    });
    expect(await work.checkpoints.load('sessions-interrupted')).toMatchObject({ kind: 'rebuild', rebuilt: null });

    // A session starting after the first run is outside the pinned ranges: the resumed job does not see it.
    const late = new ChargerScript('CP-LATE');
    const started = late.started({ transactionId: '1', at: systemClock.now() });
    await charged.bus.append([{ topic: topics.ocppEvents, key: started.envelope.key, value: await charged.serde.encode(topics.ocppEvents, started) }]);
    const resumed = await rebuild(request('sessions-interrupted', 'sessions'));
    expect(resumed).toMatchObject({ status: 'completed', resumed: true, report: { counts: identical } });

    const duringComparison = interruptIn('compare with');
    const first = await rebuild(request('cdrs-interrupted', 'cdrs'), duringComparison.progress, duringComparison.signal);
    expect(first.status).toBe('interrupted');
    expect(await work.checkpoints.load('cdrs-interrupted')).toMatchObject({ kind: 'rebuild', rebuilt: { inputsUnused: 0 } });
    const rerun = recordingProgress();
    const second = await rebuild(request('cdrs-interrupted', 'cdrs'), rerun.progress);
    expect(rerun.labels).toEqual([`compare with ${topics.cdrs}`]);
    expect(second).toMatchObject({ status: 'completed', resumed: true, report: { counts: { differs: 1, identical: 1 } } });

    // A new job sees the late session, which the live projector never wrote.
    expect((await completedReport(request('sessions-later', 'sessions'))).counts).toMatchObject({ 'only-rebuilt': 1 });
  });
});
