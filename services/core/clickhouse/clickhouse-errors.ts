import { SwitchyardError } from '../errors.ts';

/**
 * ClickHouse exception codes that describe a passing condition of the server or cluster (overload, memory,
 * network, replication), not a fault of the statement: the same statement can succeed later.
 */
const transientServerCodes: ReadonlySet<number> = new Set([
  159, // TIMEOUT_EXCEEDED
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY (replica lost its coordination session)
  252, // TOO_MANY_PARTS
  285, // TOO_FEW_LIVE_REPLICAS
  319, // UNKNOWN_STATUS_OF_INSERT
  425, // SYSTEM_ERROR
  439, // CANNOT_SCHEDULE_TASK
  473, // DEADLOCK_AVOIDED
  999, // KEEPER_EXCEPTION
]);

/** Socket-level failures reaching a server: it may be restarting or the network may come back. */
const transientSocketCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** chDB's own error codes for an early-settled slow call; the engine itself is fine. */
const transientChdbCodes: ReadonlySet<string> = new Set(['CHDB_TIMEOUT']);

/** Messages @clickhouse/client uses for request timeouts and dropped keep-alive sockets. */
const transientMessages = [/^Timeout error\.?$/, /socket hang up/i];

const serverExceptionCode = /^Code: (\d+)\./;

export interface ClassifiedClickHouseError {
  /** `clickhouse.<code>` for server exceptions, `clickhouse.unavailable` for transport failures, else `clickhouse.failed`. */
  readonly code: string;
  readonly retriable: boolean;
}

/** Decides from any thrown value whether a ClickHouse call failed for a passing reason. */
export function classifyClickHouseError(error: unknown): ClassifiedClickHouseError {
  const serverCode = serverCodeOf(error);
  if (serverCode !== undefined) {
    return { code: `clickhouse.${serverCode}`, retriable: transientServerCodes.has(serverCode) };
  }
  const errorCode = stringField(error, 'code');
  const message = stringField(error, 'message') ?? '';
  const transportFailure =
    (errorCode !== undefined && (transientSocketCodes.has(errorCode) || transientChdbCodes.has(errorCode))) ||
    transientMessages.some((pattern) => pattern.test(message));
  if (transportFailure) return { code: 'clickhouse.unavailable', retriable: true };
  return { code: 'clickhouse.failed', retriable: false };
}

export function toSwitchyardError(error: unknown, action: string): SwitchyardError {
  if (error instanceof SwitchyardError) return error;
  const { code, retriable } = classifyClickHouseError(error);
  const message = stringField(error, 'message') ?? String(error);
  return new SwitchyardError(code, `ClickHouse ${action} failed: ${message}`, { retriable, cause: error });
}

/** The numeric exception code: ClickHouseError carries it as a string `code`, chDB as `clickhouseCode`. */
function serverCodeOf(error: unknown): number | undefined {
  const chdbCode = numberField(error, 'clickhouseCode');
  if (chdbCode !== undefined) return chdbCode;
  const code = stringField(error, 'code');
  if (code !== undefined && /^\d+$/.test(code)) return Number(code);
  const fromMessage = serverExceptionCode.exec(stringField(error, 'message') ?? '')?.[1];
  return fromMessage === undefined ? undefined : Number(fromMessage);
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(field in value)) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === 'string' ? found : undefined;
}

export function numberField(value: unknown, field: string): number | undefined {
  if (typeof value !== 'object' || value === null || !(field in value)) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === 'number' ? found : undefined;
}
