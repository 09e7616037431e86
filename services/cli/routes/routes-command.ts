import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { Command } from 'commander';
import { loadConfig, publicEndpoints } from '../../core/config/config.ts';
import { describeError, SwitchyardError } from '../../core/errors.ts';
import { formatReport, routeApiPath, type ReportRow } from './route-address.ts';

interface ApiOptions {
  readonly api?: string;
  readonly token?: string;
}

interface AdminTarget {
  readonly baseUrl: string;
  readonly token: string;
  readonly actor: string;
}

function targetOf(options: ApiOptions): AdminTarget {
  const config = options.api === undefined || options.token === undefined ? loadConfig(process.env, { cwd: process.cwd(), hostname: hostname() }) : undefined;
  const token = options.token ?? config?.adminToken;
  if (token === undefined) throw new Error('no admin token: pass --token or set SWITCHYARD_ADMIN_TOKEN');
  const baseUrl = (options.api ?? (config === undefined ? '' : publicEndpoints(config).adminApi)).replace(/\/+$/, '');
  return { baseUrl, token, actor: `${userInfo().username}@${hostname()} (cli)` };
}

async function request(target: AdminTarget, method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, 'x-switchyard-actor': target.actor, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new SwitchyardError('cli.api-unreachable', `nothing answers at ${target.baseUrl}`, { retriable: true, cause: error });
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? text;
    throw new SwitchyardError('cli.api-refused', `${method} ${path}: HTTP ${response.status}: ${message}`, { retriable: false });
  }
  return parsed;
}

const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Runs one subcommand against the admin API; a failure is one line on stderr and exit code 1. */
function action<A extends unknown[]>(routes: Command, run: (target: AdminTarget, ...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    try {
      await run(targetOf(routes.opts<ApiOptions>()), ...args);
    } catch (error) {
      process.stderr.write(`switchyard routes: ${error instanceof SwitchyardError ? error.message : describeError(error)}\n`);
      process.exitCode = 1;
    }
  };
}

async function bodyFrom(file: string): Promise<unknown> {
  if (file !== '-') return JSON.parse(await readFile(file, 'utf8'));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * `switchyard routes ...`: the gateway's routing through the admin API. A migration wave is: observe
 * (add the new CSMS as observer), report (answer differences), promote (new primary, old observes),
 * remove-upstream (drop the old one); rollback is promoting the old one back. One command, one event.
 */
export function routesCommand(): Command {
  const routes = new Command('routes')
    .description('route chargers to upstream CSMSs (primary/observer) and run migration waves; ROUTE is default, group/<name> or charger/<id>')
    .option('--api <url>', 'admin API base URL (default: from SWITCHYARD_* configuration)')
    .option('--token <token>', 'admin token (default: SWITCHYARD_ADMIN_TOKEN)');

  routes.command('list').description('every route in force').action(action(routes, async (target) => printJson(await request(target, 'GET', '/routes'))));

  routes
    .command('show')
    .argument('<route>')
    .description('one route (upstream passwords are never shown)')
    .action(action(routes, async (target, route: string) => printJson(await request(target, 'GET', routeApiPath(route)))));

  routes
    .command('resolve')
    .argument('<chargerId>')
    .description("where a charger's next message goes")
    .action(action(routes, async (target, chargerId: string) => printJson(await request(target, 'GET', `/routes/chargers/${encodeURIComponent(chargerId)}/resolution`))));

  routes
    .command('set')
    .argument('<route>')
    .requiredOption('-f, --file <file>', 'the route as JSON ({ upstreams: [...], primaryGraceMs, selector, priority }); - reads stdin')
    .description('create or replace a route')
    .action(action(routes, async (target, route: string, options: { file: string }) => printJson(await request(target, 'PUT', routeApiPath(route), await bodyFrom(options.file)))));

  routes
    .command('observe')
    .argument('<route>')
    .requiredOption('--name <name>', 'upstream name')
    .requiredOption('--url <url>', 'ws:// or wss:// base URL (the charger id is appended)')
    .option('--basic <user:password>', 'HTTP Basic credentials for this upstream')
    .option('--allow <actions...>', 'actions this observer may still send to chargers (e.g. GetConfiguration)')
    .option('--catch-up <policy>', 'after its link was down: replay (default) the calls it missed, or skip them')
    .description('migration step 1: add a CSMS as observer of a route')
    .action(
      action(routes, async (target, route: string, options: { name: string; url: string; basic?: string; allow?: string[]; catchUp?: string }) => {
        const [username = '', ...password] = options.basic?.split(':') ?? [];
        const upstream = {
          name: options.name,
          role: 'observer',
          url: options.url,
          allowedActions: options.allow ?? [],
          ...(options.catchUp === undefined ? {} : { catchUp: options.catchUp }),
          ...(options.basic === undefined ? {} : { basic: { username, password: password.join(':') } }),
        };
        printJson(await request(target, 'POST', `${routeApiPath(route)}/observers`, upstream));
      }),
    );

  routes
    .command('promote')
    .alias('rollback')
    .argument('<route>')
    .argument('<upstream>')
    .description('migration step 2 (and rollback): make an upstream the primary; the old primary becomes an observer')
    .action(action(routes, async (target, route: string, upstream: string) => printJson(await request(target, 'POST', `${routeApiPath(route)}/promote`, { upstream }))));

  routes
    .command('remove-upstream')
    .argument('<route>')
    .argument('<upstream>')
    .description('migration step 3: drop an observer (the old CSMS) from a route')
    .action(
      action(routes, async (target, route: string, upstream: string) =>
        printJson(await request(target, 'DELETE', `${routeApiPath(route)}/upstreams/${encodeURIComponent(upstream)}`)),
      ),
    );

  routes
    .command('delete')
    .argument('<route>')
    .description('remove a route; its chargers fall back to the next matching route')
    .action(
      action(routes, async (target, route: string) => {
        await request(target, 'DELETE', routeApiPath(route));
        process.stdout.write(`removed ${route}\n`);
      }),
    );

  routes
    .command('report')
    .option('--json', 'print JSON instead of a table')
    .description('migration report: per route, primary, observers, chargers and messages mirrored, differences by action')
    .action(
      action(routes, async (target, options: { json?: boolean }) => {
        const rows = (await request(target, 'GET', '/routes/report')) as ReportRow[];
        if (options.json === true) printJson(rows);
        else process.stdout.write(formatReport(rows));
      }),
    );

  return routes;
}
