import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayDirectoryName } from '../../services/cli/replay-command.ts';
import type { FeedReport } from '../../services/replay/feed-report.ts';
import { startSwitchyard, type SwitchyardProcess } from '../app/switchyard-process.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { UpstreamCsms } from '../gateway/support/upstream-csms.ts';
import { callsPerCharger, recordedChargers, recordTraffic, type Recording } from './support/recorded-traffic.ts';

describe('switchyard replay (the command)', () => {
  let recording: Recording;
  let outDir: string;
  const running: SwitchyardProcess[] = [];
  const csms = new UpstreamCsms('ocpp1.6', {
    BootNotification: () => ({ status: 'Accepted', interval: 300, currentTime: new Date().toISOString() }),
    StatusNotification: () => ({}),
    Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
    Heartbeat: () => ({ currentTime: new Date().toISOString() }),
  });

  beforeAll(async () => {
    recording = await recordTraffic();
    // The command opens the data dir's log itself, as it would after `switchyard run` has stopped.
    await recording.closeBus();
    outDir = await mkdtemp(join(tmpdir(), 'switchyard-replay-cli-'));
    await csms.start();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.kill()));
  });

  afterAll(async () => {
    await csms.stop();
    await recording?.cleanup();
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  const replay = (args: readonly string[], env: Record<string, string> = {}) => {
    const process = startSwitchyard(['replay', ...args], { SWITCHYARD_DATA_DIR: recording.dataDir, SWITCHYARD_LOG_LEVEL: 'warn', ...env });
    running.push(process);
    return process;
  };
  const window = () => ['--from', recording.from, '--to', recording.to];

  it('says what it would do and does nothing without --yes when not interactive', async () => {
    const out = join(outDir, 'refused.jsonl');
    const process = replay(['export', '--topic', 'switchyard.ocpp.frames', ...window(), '--out', out]);
    expect(await process.exited).toBe(2);
    expect(process.output()).toMatch(/replay export \(job export-[0-9a-f]{12}\): will write the records of switchyard.ocpp.frames from .* writes to no topic/);
    expect(process.output()).toContain('pass --yes');
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('exports the window to a JSON lines file', async () => {
    const out = join(outDir, 'frames.jsonl');
    const process = replay(['export', '--topic', 'switchyard.ocpp.frames', ...window(), '--out', out, '--yes']);
    expect(await process.exited).toBe(0);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(recordedChargers.length * callsPerCharger.length * 2);
    expect(process.output()).toContain(`completed: ${lines.length} records in ${out}`);
  });

  it('refuses to feed this deployment\'s own edge unless --write-live is given', async () => {
    const process = replay(['feed', '--target', 'ws://127.0.0.1:18180/ocpp', '--chargers', '*', ...window(), '--yes'], {
      SWITCHYARD_EDGE_PORT: '18180',
    });
    expect(await process.exited).toBe(2);
    expect(process.output()).toContain('is this deployment\'s own edge: feeding it writes into the live topics; pass --write-live');
  });

  it('feeds a new CSMS, resumes after Ctrl-C without re-sending, and writes the comparison table and report', async () => {
    const report = join(outDir, 'feed-report.json');
    const args = ['feed', '--target', csms.url, '--chargers', 'CP-R*', ...window(), '--rate', '2', '--report', report, '--yes'];
    const first = replay(args);
    const checkpointDir = join(recording.dataDir, replayDirectoryName);
    // Interrupt once the first answers are in the checkpoint, as an operator's Ctrl-C would.
    await eventually(async () => {
      const files = (await readdir(checkpointDir)).filter((file) => file.startsWith('feed-') && file.endsWith('.checkpoint.json'));
      const checkpoint = JSON.parse(await readFile(join(checkpointDir, files[0] ?? 'missing'), 'utf8')) as { outcomes: unknown[] };
      expect(checkpoint.outcomes.length).toBeGreaterThanOrEqual(2);
    }, 20_000);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(130);
    expect(first.output()).toContain('rerun the same command to resume');
    const sentBeforeResume = csms.received.length;
    expect(sentBeforeResume).toBeLessThan(8);

    const second = replay(args);
    expect(await second.exited).toBe(0);
    for (const chargerId of recordedChargers) expect(csms.actionsFrom(chargerId)).toEqual(callsPerCharger);
    expect(second.output()).toMatch(/Authorize\s+2\s+2\s+0\s+0\s+0\s+0\s*\n/);
    expect(second.output()).toMatch(/Heartbeat\s+2\s+0\s+2\s+0\s+0\s+0\s+\$\.currentTime \(2\)/);
    expect(second.output()).toContain(`completed: 8/8 CALLs of 2 chargers; report in ${report}`);

    const written = JSON.parse(await readFile(report, 'utf8')) as FeedReport;
    expect(written).toMatchObject({ target: csms.url, chargers: 2, calls: 8, answered: 8, failedChargers: [] });
    expect(written.byAction.map((summary) => [summary.action, summary.counts.match])).toEqual([
      ['Authorize', 2],
      ['BootNotification', 0],
      ['Heartbeat', 0],
      ['StatusNotification', 2],
    ]);
  });
});
