import { hostname } from 'node:os';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import type { EventBus } from '../core/bus/event-bus.ts';
import { systemClock } from '../core/clock.ts';
import { loadConfig, type Config } from '../core/config/config.ts';
import { describeError, SwitchyardError } from '../core/errors.ts';
import { Lifecycle } from '../core/lifecycle/lifecycle.ts';
import { Readiness } from '../core/observability/readiness.ts';
import { createAvroSerde } from '../core/serde/avro-serde.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../core/serde/schema-files.ts';
import type { Serde } from '../core/serde/serde.ts';
import { loadProjectorSettings } from '../projectors/projector-config.ts';
import { projectionNames, projections, type ProjectionName } from '../projectors/projections.ts';
import { chargerMatcher } from '../replay/charger-glob.ts';
import { directoryCheckpointStore, type CheckpointStore } from '../replay/checkpoint-store.ts';
import { runExport } from '../replay/export-job.ts';
import { exportFormats, type ExportFormat } from '../replay/export-format.ts';
import { feedReport, formatActionTable } from '../replay/feed-report.ts';
import { runFeed } from '../replay/feed-job.ts';
import { targetsLiveEdge } from '../replay/live-target.ts';
import type { Progress } from '../replay/progress.ts';
import { formatRebuildTables } from '../replay/rebuild-report.ts';
import { runRebuild } from '../replay/rebuild-job.ts';
import { jobIdOf, type ReplayCheckpoint } from '../replay/replay-checkpoint.ts';
import { parseInstant, parseWindow, type TimeWindow } from '../replay/replay-window.ts';


const exitCodes = { failed: 1, refused: 2, interrupted: 130 } as const;

/** Checkpoints and feed reports live here, inside the data dir. */
export const replayDirectoryName = 'replay';

interface JobOptions {
  readonly to?: string;
  readonly job?: string;
  readonly restart?: boolean;
  readonly yes?: boolean;
}

interface WindowOptions extends JobOptions {
  readonly from: string;
}

interface ExportOptions extends WindowOptions {
  readonly topic: string;
  readonly format: ExportFormat;
  readonly out: string;
}

interface FeedOptions extends WindowOptions {
  readonly target: string;
  readonly chargers: string;
  readonly rate?: number;
  readonly timeout: number;
  readonly report?: string;
  readonly writeLive?: boolean;
}

interface RebuildOptions extends JobOptions {
  readonly projector: ProjectionName;
  readonly from?: string;
  readonly swap?: boolean;
  readonly report?: string;
}

/** `switchyard replay export|feed|rebuild`: replays of recorded history, resumable from checkpoints. */
export function replayCommand(): Command {
  const replay = new Command('replay').description('replay recorded history: export a time window, feed it to another CSMS, or rebuild a projection');
  replay
    .command('export')
    .description('write a topic\'s records of a time window to a file (JSON lines, or Avro wire bytes with a 4-byte length prefix)')
    .requiredOption('--topic <topic>', 'topic to export, e.g. switchyard.ocpp.frames')
    .requiredOption('--from <iso>', 'window start (ISO 8601, inclusive)')
    .option('--to <iso>', 'window end (ISO 8601, exclusive; default: now, pinned at the job\'s first run)')
    .addOption(new Option('--format <format>', 'output format').choices(exportFormats).default('jsonl'))
    .requiredOption('--out <file>', 'output file')
    .addOption(jobOptions.job())
    .addOption(jobOptions.restart())
    .addOption(jobOptions.yes())
    .action((options: ExportOptions) => exportAction(options));
  replay
    .command('feed')
    .description('re-send a charger group\'s recorded CALLs to a target OCPP endpoint and compare its answers with the recorded ones')
    .requiredOption('--target <url>', 'target OCPP endpoint, e.g. ws://csms.example:9000/ocpp (chargers connect to <url>/<charger id>)')
    .requiredOption('--chargers <glob>', 'charger ids to replay: shell glob(s), comma-separated, e.g. "CP-1*,ACME-??"')
    .requiredOption('--from <iso>', 'window start (ISO 8601, inclusive)')
    .option('--to <iso>', 'window end (ISO 8601, exclusive; default: now, pinned at the job\'s first run)')
    .option('--rate <n>', 'at most n CALLs per second over all chargers', positiveNumber)
    .option('--timeout <ms>', 'how long to wait for each answer', positiveNumber, 30_000)
    .option('--report <file>', 'JSON report file (default: <data dir>/replay/<job>.report.json)')
    .option('--write-live', 'allow a target that is this deployment\'s own edge (the replayed frames then enter the live topics)')
    .addOption(jobOptions.job())
    .addOption(jobOptions.restart())
    .addOption(jobOptions.yes())
    .action((options: FeedOptions) => feedAction(options));
  replay
    .command('rebuild')
    .description('rebuild a projector\'s output from its input topics with this build\'s code and compare it with the live output topic')
    .addOption(new Option('--projector <name>', 'projector to rebuild').choices(projectionNames).makeOptionMandatory())
    .option('--from <iso>', 'read charger events from this instant (ISO 8601; default: offset 0); reference data is always read whole')
    .option('--swap', 'when done, append the rebuilt records the live topic lacks or holds differently to it (writes into the live topic)')
    .option('--report <file>', 'JSON report file (default: <data dir>/replay/<job>.report.json)')
    .addOption(jobOptions.job())
    .addOption(jobOptions.restart())
    .addOption(jobOptions.yes())
    .action((options: RebuildOptions) => rebuildAction(options));
  return replay;
}

const jobOptions = {
  job: () => new Option('--job <id>', 'job id (default: derived from the arguments, so rerunning a command resumes it)'),
  restart: () => new Option('--restart', 'discard the job\'s checkpoint and start over'),
  yes: () => new Option('-y, --yes', 'start without asking (required when stdin is not a terminal)'),
};

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a positive number');
  return value;
}

async function exportAction(options: ExportOptions): Promise<void> {
  const out = path.resolve(options.out);
  const jobId = options.job ?? jobIdOf('export', { topic: options.topic, from: options.from, to: options.to, format: options.format, out });
  await withReplayJob(jobId, options, async ({ bus, serde, checkpoints, signal }) => {
    const window = pinnedWindow(await checkpoints.load(jobId)) ?? parseWindow(options.from, options.to, systemClock.now());
    await confirm(
      `replay export (job ${jobId}): will write the records of ${options.topic} from ${iso(window.fromMs)} to ${iso(window.toMs)} ` +
        `as ${options.format} to ${out}; reads through its own consumer group, writes to no topic`,
      options.yes === true,
    );
    const result = await runExport(
      { jobId, topic: options.topic, window, format: options.format, outFile: out },
      { bus, serde, checkpoints, clock: systemClock, progress: progressBar(), signal },
    );
    process.stderr.write(`${result.status}: ${result.exported} records in ${out}${result.resumed ? ' (resumed from checkpoint)' : ''}\n`);
    if (result.status === 'interrupted') interrupted(checkpoints, jobId);
  });
}

async function feedAction(options: FeedOptions): Promise<void> {
  const config = loadConfigOrThrow();
  if (targetsLiveEdge(options.target, { host: config.listen.host, port: config.listen.edgePort }) && options.writeLive !== true) {
    refuse(`${options.target} is this deployment's own edge: feeding it writes into the live topics; pass --write-live if that is intended`);
  }
  const jobId =
    options.job ??
    jobIdOf('feed', { target: options.target, chargers: options.chargers, from: options.from, to: options.to, rate: options.rate });
  await withReplayJob(jobId, options, async ({ bus, serde, checkpoints, signal, replayDirectory }) => {
    const window = pinnedWindow(await checkpoints.load(jobId)) ?? parseWindow(options.from, options.to, systemClock.now());
    const live = options.writeLive === true ? 'into the live topics (--write-live)' : 'to no Switchyard topic';
    await confirm(
      `replay feed (job ${jobId}): will re-send the charger-originated CALLs of chargers ${JSON.stringify(options.chargers)} recorded from ` +
        `${iso(window.fromMs)} to ${iso(window.toMs)} to ${options.target} as those chargers (new message ids, original payloads` +
        `${options.rate === undefined ? '' : `, at most ${options.rate}/s`}), writing ${live}`,
      options.yes === true,
    );
    const result = await runFeed(
      { jobId, target: options.target, chargers: chargerMatcher(options.chargers), window, ratePerSecond: options.rate, answerTimeoutMs: options.timeout },
      { bus, serde, checkpoints, clock: systemClock, readProgress: progressBar(), sendProgress: progressBar(), signal },
    );
    const report = feedReport({ jobId, target: options.target, window, ...result });
    const reportFile = path.resolve(options.report ?? path.join(replayDirectory, `${jobId}.report.json`));
    await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(formatActionTable(report.byAction));
    for (const failed of result.failedChargers) process.stderr.write(`charger ${failed.chargerId} not replayed: ${failed.reason}\n`);
    process.stderr.write(`${result.status}: ${report.answered}/${report.calls} CALLs of ${report.chargers} chargers; report in ${reportFile}\n`);
    if (result.status === 'interrupted') interrupted(checkpoints, jobId);
    else if (result.failedChargers.length > 0) process.exitCode = exitCodes.failed;
  });
}

async function rebuildAction(options: RebuildOptions): Promise<void> {
  // --swap is not part of the job: rerunning a finished rebuild with --swap swaps what it rebuilt.
  const jobId = options.job ?? jobIdOf('rebuild', { projector: options.projector, from: options.from });
  await withReplayJob(jobId, options, async ({ bus, serde, checkpoints, signal, replayDirectory }) => {
    // The live projectors' settings come from the same environment: run the rebuild with it.
    const projection = projections[options.projector](loadProjectorSettings(process.env));
    const fromMs = options.from === undefined ? null : parseInstant('--from', options.from);
    const rebuiltFile = path.join(replayDirectory, `${jobId}.rebuilt.jsonl`);
    const { outputTopic } = projection;
    const swapped =
      projection.outputKind === 'latest-per-key'
        ? `then append to ${outputTopic} the rebuilt records it lacks or holds differently`
        : `then append to ${outputTopic} the rebuilt records it lacks (its records are immutable: differing ones are only reported)`;
    const resuming = (await checkpoints.load(jobId)) === undefined ? '' : ', resuming from its checkpoint';
    await confirm(
      `replay rebuild (job ${jobId}${resuming}): will run the ${projection.name} projection over its inputs ` +
        `(reference topics whole, charger events ${fromMs === null ? 'from offset 0' : `from ${iso(fromMs)}`}, up to their ends at the job's first run) ` +
        `through its own consumer group into ${rebuiltFile}, and compare the result with ${outputTopic}; ` +
        (options.swap === true ? `${swapped} (--swap: writes into the live topic)` : 'writes to no topic'),
      options.yes === true,
    );
    const result = await runRebuild(
      { jobId, projection, fromMs, swap: options.swap === true, rebuiltFile },
      { bus, serde, checkpoints, clock: systemClock, progress: progressBar(), signal },
    );
    if (result.status === 'interrupted') return interrupted(checkpoints, jobId);
    const reportFile = path.resolve(options.report ?? path.join(replayDirectory, `${jobId}.report.json`));
    await writeFile(reportFile, `${JSON.stringify(result.report, null, 2)}\n`);
    process.stdout.write(formatRebuildTables(result.report));
    process.stderr.write(
      `completed: ${result.report.rebuiltRecords} rebuilt and ${result.report.liveRecords} live records of ${outputTopic} compared` +
        `${result.resumed ? ' (resumed from checkpoint)' : ''}; report in ${reportFile}; rebuilt outputs in ${rebuiltFile}\n`,
    );
  });
}

/** The window an export or feed pinned at its first run. */
function pinnedWindow(checkpoint: ReplayCheckpoint | undefined): TimeWindow | undefined {
  return checkpoint === undefined || checkpoint.kind === 'rebuild' ? undefined : checkpoint.window;
}

interface ReplayEnvironment {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly checkpoints: CheckpointStore;
  readonly signal: AbortSignal;
  readonly replayDirectory: string;
}

/** Opens what a replay reads (the bus and the schema registry, nothing else), runs it, closes it. */
async function withReplayJob(jobId: string, options: JobOptions, job: (environment: ReplayEnvironment) => Promise<void>): Promise<void> {
  const config = loadConfigOrThrow();
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const lifecycle = new Lifecycle({ logger, timeoutMs: config.shutdownTimeoutMs });
  const replayDirectory = path.join(config.dataDir, replayDirectoryName);
  const checkpoints = directoryCheckpointStore(replayDirectory);
  const aborter = new AbortController();
  // The first Ctrl-C stops at the next record and saves the checkpoint; a second one quits at once.
  const onSignal = () => {
    if (aborter.signal.aborted) process.exit(exitCodes.interrupted);
    aborter.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (options.restart === true) await checkpoints.discard(jobId);
    if (config.infrastructure.mode === 'embedded') {
      process.stderr.write(`embedded mode: reading the log in ${config.dataDir}; one process per log, so stop \`switchyard run\` on it first\n`);
    }
    // The adapters (lmdb, kafkajs, chDB) load only when a replay runs, so --help answers at once.
    const { openEventBus, openSchemaRegistry } = await import('../core/platform/open-platform.ts');
    const registry = await openSchemaRegistry(config.infrastructure, config.dataDir, config.instanceId);
    const serde = createAvroSerde({ registry, catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
    const bus = await openEventBus(config, { logger, readiness: new Readiness(), lifecycle, clock: systemClock }, logger);
    await job({ bus, serde, checkpoints, signal: aborter.signal, replayDirectory });
  } catch (error) {
    process.stderr.write(`switchyard replay: ${error instanceof NotStarted ? error.message : describeError(error)}\n`);
    process.exitCode = error instanceof NotStarted ? exitCodes.refused : aborter.signal.aborted ? exitCodes.interrupted : exitCodes.failed;
  } finally {
    await lifecycle.stop('replay finished');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function loadConfigOrThrow(): Config {
  try {
    return loadConfig(process.env, { cwd: process.cwd(), hostname: hostname() });
  } catch (error) {
    return refuse(describeError(error));
  }
}

async function confirm(description: string, yes: boolean): Promise<void> {
  process.stderr.write(`${description}\n`);
  if (yes) return;
  if (process.stdin.isTTY !== true) throw new NotStarted('not started: pass --yes to confirm in non-interactive use');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question('start? [y/N] ');
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new NotStarted('not started');
}

/** The operator declined (or could not be asked): nothing was done. */
class NotStarted extends SwitchyardError {
  constructor(message: string) {
    super('replay.not-started', message, { retriable: false });
  }
}

function progressBar(): Progress {
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{label} |{bar}| {value}/{total} | {percentage}% | eta {eta_formatted}',
    hideCursor: true,
  });
  return {
    start: (label, total, done) => bar.start(total, done, { label }),
    advance: (count) => bar.increment(count),
    stop: () => bar.stop(),
  };
}

function interrupted(checkpoints: CheckpointStore, jobId: string): void {
  process.stderr.write(`checkpoint saved in ${checkpoints.locationOf(jobId)}; rerun the same command to resume\n`);
  process.exitCode = exitCodes.interrupted;
}

function refuse(message: string): never {
  process.stderr.write(`switchyard replay: ${message}\n`);
  process.exit(exitCodes.refused);
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
