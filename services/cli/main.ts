import { hostname } from 'node:os';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../core/config/config.ts';
import { describeError } from '../core/errors.ts';
import { replayCommand } from './replay-command.ts';
import { routesCommand } from './routes/routes-command.ts';
import type { ProcessPlan } from './run-process.ts';
import { runSqlQuery, sqlTargetOf } from './sql-query.ts';
import { switchyardVersion } from './version.ts';

const exitCodes = { failed: 1, invalidConfig: 2 } as const;

// Services and adapters (chDB, lmdb, kafkajs) load only in the commands that run them, so --help, `sql`
// and configuration errors answer at once.
const plans = () => import('./process-plans.ts');

const program = new Command('switchyard')
  .version(switchyardVersion)
  .description('Event-sourced OCPP/OCPI platform. Configure with SWITCHYARD_* environment variables (see README).')
  .showHelpAfterError();

program
  .command('run')
  .description('run every service in one process (the embedded mode: no Kafka, no ClickHouse server needed)')
  .action(() => startProcess(async () => (await plans()).allInOnePlan()));

for (const service of ['edge', 'ocpi', 'history'] as const) {
  program
    .command(service)
    .description(`run the ${service} service alone (distributed mode)`)
    .action(() => startProcess(async () => (await plans()).singleServicePlan(service), { distributedOnly: true }));
}

program
  .command('projector')
  .argument('<name>', 'which projector')
  .description('run one projector alone (distributed mode)')
  .action((name: string) => startProcess(async () => (await plans()).projectorPlan(name), { distributedOnly: true }));

program
  .command('sql')
  .argument('<query>', 'SQL to run, e.g. "SELECT count() FROM ocpp_frames"')
  .addOption(new Option('-f, --format <format>', 'ClickHouse output format').default('PrettyCompactMonoBlock'))
  .option('-t, --timeout <ms>', 'give up after this many milliseconds', '30000')
  .description('run a query against the configured ClickHouse (embedded: the SQL endpoint of `switchyard run`)')
  .action(async (query: string, options: { format: string; timeout: string }) => {
    const config = configOrExit();
    try {
      const signal = AbortSignal.timeout(Number(options.timeout));
      process.stdout.write(await runSqlQuery(sqlTargetOf(config), query, options.format, signal));
    } catch (error) {
      process.stderr.write(`switchyard sql: ${describeError(error)}\n`);
      process.exitCode = exitCodes.failed;
    }
  });

program.addCommand(replayCommand());
program.addCommand(routesCommand());

function configOrExit(): Config {
  try {
    return loadConfig(process.env, { cwd: process.cwd(), hostname: hostname() });
  } catch (error) {
    return exitWith(exitCodes.invalidConfig, error);
  }
}

async function startProcess(planOf: () => Promise<ProcessPlan>, options: { distributedOnly?: boolean } = {}): Promise<void> {
  const config = configOrExit();
  if (options.distributedOnly === true && config.infrastructure.mode !== 'distributed') {
    exitWith(
      exitCodes.invalidConfig,
      'this command runs one service of a distributed deployment and needs SWITCHYARD_MODE=distributed; use `switchyard run` for the embedded mode',
    );
  }
  let plan: ProcessPlan;
  try {
    plan = await planOf();
  } catch (error) {
    return exitWith(exitCodes.invalidConfig, error);
  }
  try {
    const { runProcess } = await import('./run-process.ts');
    await runProcess(config, plan);
  } catch (error) {
    exitWith(exitCodes.failed, `cannot start: ${describeError(error)}`);
  }
}

function exitWith(code: number, problem: unknown): never {
  process.stderr.write(`switchyard: ${problem instanceof Error ? problem.message : String(problem)}\n`);
  process.exit(code);
}

await program.parseAsync(process.argv);
