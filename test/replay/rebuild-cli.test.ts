import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayDirectoryName } from '../../services/cli/replay-command.ts';
import type { RebuildReport } from '../../services/replay/rebuild-report.ts';
import { startSwitchyard, type SwitchyardProcess } from '../app/switchyard-process.ts';
import { chargeSessions, completingChargers, type ChargedSessions } from './support/charged-sessions.ts';

describe('switchyard replay rebuild (the command)', () => {
  let charged: ChargedSessions;
  const running: SwitchyardProcess[] = [];

  beforeAll(async () => {
    charged = await chargeSessions();
    // The command opens the data dir's log itself, as it would after `switchyard run` has stopped.
    await charged.closeBus();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.kill()));
  });

  afterAll(async () => {
    await charged?.cleanup();
  });

  const replay = (args: readonly string[]) => {
    const process = startSwitchyard(['replay', ...args], { SWITCHYARD_DATA_DIR: charged.dataDir, SWITCHYARD_LOG_LEVEL: 'warn' });
    running.push(process);
    return process;
  };

  it('says before starting that --swap writes into the live topic, and does nothing without --yes', async () => {
    const process = replay(['rebuild', '--projector', 'sessions', '--swap']);
    expect(await process.exited).toBe(2);
    expect(process.output()).toMatch(
      /replay rebuild \(job rebuild-[0-9a-f]{12}\): will run the sessions projection over its inputs .* then append to switchyard.sessions the rebuilt records it lacks or holds differently \(--swap: writes into the live topic\)/,
    );
    expect(process.output()).toContain('pass --yes');
  });

  it('rebuilds the CDRs, prints the table per verdict and writes the full report', async () => {
    const process = replay(['rebuild', '--projector', 'cdrs', '--yes']);
    expect(await process.exited).toBe(0);
    const output = process.output();
    expect(output).toContain('compare the result with switchyard.cdrs; writes to no topic');
    expect(output).toMatch(/switchyard\.cdrs\s+keys\s+differing paths\nidentical\s+2\ndiffers\s+0\nonly-live\s+0\nonly-rebuilt\s+0\n/);
    const reportFile = /report in (\S+);/.exec(output)?.[1] ?? 'missing';
    expect(reportFile.startsWith(join(charged.dataDir, replayDirectoryName))).toBe(true);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as RebuildReport;
    expect(report).toMatchObject({ projector: 'cdrs', liveRecords: completingChargers.length, counts: { identical: completingChargers.length } });
    expect(report.outcomes.map((outcome) => outcome.verdict)).toEqual(completingChargers.map(() => 'identical'));
  });
});
