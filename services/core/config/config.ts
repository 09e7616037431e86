import path from 'node:path';
import { z } from 'zod';
import { SwitchyardError } from '../errors.ts';

export type Mode = 'embedded' | 'distributed';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ClickHouseServerConfig {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Where the adapters live: the only thing that differs between the two modes. */
export type InfrastructureConfig =
  | { readonly mode: 'embedded'; readonly clickhouseDatabase: string }
  | {
      readonly mode: 'distributed';
      readonly kafkaBrokers: readonly string[];
      readonly schemaRegistryUrl: string;
      readonly clickhouse: ClickHouseServerConfig;
    };

export interface ListenConfig {
  /** Address every listener binds to; containers set 0.0.0.0. */
  readonly host: string;
  readonly edgePort: number;
  readonly ocpiPort: number;
  readonly adminPort: number;
  readonly sqlPort: number;
  /** Distributed mode: each service serves /healthz, /readyz and /metrics here. */
  readonly opsPort: number;
}

export interface Config {
  readonly infrastructure: InfrastructureConfig;
  /** Absolute path. */
  readonly dataDir: string;
  readonly listen: ListenConfig;
  /** From SWITCHYARD_ADMIN_TOKEN; when absent the token is generated into the data dir. */
  readonly adminToken: string | undefined;
  readonly instanceId: string;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;
  /** Who may query the embedded SQL endpoint; open when no password is set (loopback only). */
  readonly analystSql: { readonly user: string; readonly password: string | undefined };
}

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole port number')
  .min(0, 'expected a port between 0 and 65535')
  .max(65535, 'expected a port between 0 and 65535');

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter((broker) => broker.length > 0))
  .pipe(
    z
      .array(z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port'))
      .min(1, 'expected a comma-separated list of host:port'),
  );

const environmentSchema = z
  .object({
    SWITCHYARD_MODE: z.enum(['embedded', 'distributed']).default('embedded'),
    SWITCHYARD_DATA_DIR: z.string().min(1).default('./data'),
    SWITCHYARD_HOST: z.string().min(1).default('127.0.0.1'),
    SWITCHYARD_EDGE_PORT: port.default(8180),
    SWITCHYARD_OCPI_PORT: port.default(8181),
    SWITCHYARD_ADMIN_PORT: port.default(8182),
    SWITCHYARD_SQL_PORT: port.default(8123),
    SWITCHYARD_OPS_PORT: port.default(9464),
    SWITCHYARD_ADMIN_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
    SWITCHYARD_KAFKA_BROKERS: brokerList.optional(),
    SWITCHYARD_SCHEMA_REGISTRY_URL: httpUrl.optional(),
    SWITCHYARD_CLICKHOUSE_URL: httpUrl.optional(),
    SWITCHYARD_CLICKHOUSE_USER: z.string().min(1).default('default'),
    SWITCHYARD_CLICKHOUSE_PASSWORD: z.string().default(''),
    SWITCHYARD_SQL_USER: z.string().min(1).default('default'),
    SWITCHYARD_SQL_PASSWORD: z.string().min(1).optional(),
    SWITCHYARD_CLICKHOUSE_DATABASE: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a plain identifier')
      .default('switchyard'),
    SWITCHYARD_INSTANCE_ID: z.string().min(1).optional(),
    SWITCHYARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SWITCHYARD_SHUTDOWN_TIMEOUT_MS: z.coerce
      .number({ error: 'expected milliseconds' })
      .int('expected whole milliseconds')
      .positive('expected a positive number of milliseconds')
      .default(15_000),
  });

const requiredInDistributedMode = [
  'SWITCHYARD_KAFKA_BROKERS',
  'SWITCHYARD_SCHEMA_REGISTRY_URL',
  'SWITCHYARD_CLICKHOUSE_URL',
] as const;

export class ConfigError extends SwitchyardError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('config.invalid', `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, {
      retriable: false,
    });
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads every SWITCHYARD_* variable once. Empty strings count as unset so `VAR= cmd` falls back to the
 * default. Throws a ConfigError naming every invalid variable, not just the first.
 */
export function loadConfig(environment: Environment, context: { cwd: string; hostname: string }): Config {
  const relevant = Object.fromEntries(
    Object.entries(environment).filter(
      ([name, value]) => name.startsWith('SWITCHYARD_') && value !== undefined && value !== '',
    ),
  );
  const parsed = environmentSchema.safeParse(relevant);
  // Checked beside the schema rather than in it: zod skips refinements once a field is invalid, and
  // the error must list every problem at once.
  const missing: string[] =
    relevant.SWITCHYARD_MODE === 'distributed'
      ? requiredInDistributedMode
          .filter((name) => relevant[name] === undefined)
          .map((name) => `${name}: required when SWITCHYARD_MODE=distributed`)
      : [];
  const invalid = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const given = relevant[variable];
        return given === undefined || variable === 'SWITCHYARD_ADMIN_TOKEN' || variable.endsWith('_PASSWORD')
          ? `${variable}: ${issue.message}`
          : `${variable}: ${issue.message} (got ${JSON.stringify(given)})`;
      });
  if (
    (relevant.SWITCHYARD_MODE ?? 'embedded') === 'embedded' &&
    relevant.SWITCHYARD_HOST !== undefined &&
    !isLoopback(relevant.SWITCHYARD_HOST) &&
    relevant.SWITCHYARD_SQL_PASSWORD === undefined
  ) {
    missing.push(
      `SWITCHYARD_SQL_PASSWORD: required when SWITCHYARD_HOST (${relevant.SWITCHYARD_HOST}) is reachable from other machines, so the SQL endpoint is not open to the network`,
    );
  }
  if (!parsed.success || missing.length > 0) throw new ConfigError([...invalid, ...missing]);
  const env = parsed.data;
  return {
    infrastructure: infrastructureOf(env),
    dataDir: path.resolve(context.cwd, env.SWITCHYARD_DATA_DIR),
    listen: {
      host: env.SWITCHYARD_HOST,
      edgePort: env.SWITCHYARD_EDGE_PORT,
      ocpiPort: env.SWITCHYARD_OCPI_PORT,
      adminPort: env.SWITCHYARD_ADMIN_PORT,
      sqlPort: env.SWITCHYARD_SQL_PORT,
      opsPort: env.SWITCHYARD_OPS_PORT,
    },
    adminToken: env.SWITCHYARD_ADMIN_TOKEN,
    instanceId: env.SWITCHYARD_INSTANCE_ID ?? context.hostname,
    logLevel: env.SWITCHYARD_LOG_LEVEL,
    shutdownTimeoutMs: env.SWITCHYARD_SHUTDOWN_TIMEOUT_MS,
    analystSql: { user: env.SWITCHYARD_SQL_USER, password: env.SWITCHYARD_SQL_PASSWORD },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function infrastructureOf(env: z.infer<typeof environmentSchema>): InfrastructureConfig {
  const mode: Mode = env.SWITCHYARD_MODE;
  switch (mode) {
    case 'embedded':
      return { mode, clickhouseDatabase: env.SWITCHYARD_CLICKHOUSE_DATABASE };
    case 'distributed':
      // loadConfig has rejected distributed mode without these three.
      if (
        env.SWITCHYARD_KAFKA_BROKERS === undefined ||
        env.SWITCHYARD_SCHEMA_REGISTRY_URL === undefined ||
        env.SWITCHYARD_CLICKHOUSE_URL === undefined
      ) {
        throw new ConfigError(['distributed mode needs Kafka, schema registry and ClickHouse endpoints']);
      }
      return {
        mode,
        kafkaBrokers: env.SWITCHYARD_KAFKA_BROKERS,
        schemaRegistryUrl: env.SWITCHYARD_SCHEMA_REGISTRY_URL,
        clickhouse: {
          url: env.SWITCHYARD_CLICKHOUSE_URL,
          user: env.SWITCHYARD_CLICKHOUSE_USER,
          password: env.SWITCHYARD_CLICKHOUSE_PASSWORD,
          database: env.SWITCHYARD_CLICKHOUSE_DATABASE,
        },
      };
    default: {
      const unreachable: never = mode;
      throw new ConfigError([`SWITCHYARD_MODE: unknown mode ${String(unreachable)}`]);
    }
  }
}

/** The addresses users point chargers, OCPI partners and analysts at, derived from the listeners. */
export function publicEndpoints(config: Config): {
  edge: string;
  ocpiVersions: string;
  adminApi: string;
  sql: string;
} {
  const { host, edgePort, ocpiPort, adminPort, sqlPort } = config.listen;
  return {
    edge: `ws://${host}:${edgePort}/ocpp/{chargerId}`,
    ocpiVersions: `http://${host}:${ocpiPort}/ocpi/versions`,
    adminApi: `http://${host}:${adminPort}/api/`,
    sql: `http://${host}:${sqlPort}/`,
  };
}
