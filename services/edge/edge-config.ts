import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../core/config/config.ts';
import type { EdgeListenersConfig } from './server/edge-server.ts';

export interface EdgeConfig {
  readonly listeners: EdgeListenersConfig;
  readonly acceptUnknownChargers: boolean;
  /** Frames above this get a CALLERROR; ws drops the socket only at four times this size. */
  readonly maxFrameBytes: number;
  /** Ping period; a charger silent for a whole period (no pong, no frame) is cut off. */
  readonly pingIntervalMs: number;
  readonly heartbeatIntervalSeconds: number;
  readonly bootRetryIntervalSeconds: number;
  /** Default wait for a charger's answer to a remote command. */
  readonly commandTimeoutMs: number;
  /** How long a command may wait for the instance holding the charger's socket to pick it up. */
  readonly commandDeliveryWindowMs: number;
  readonly logBatchDelayMs: number;
  readonly logMaxBatchSize: number;
  readonly logMaxQueued: number;
  readonly transactionIdBlockSize: number;
}

export const edgeDefaults = {
  acceptUnknownChargers: false,
  maxFrameBytes: 64 * 1024,
  pingIntervalMs: 30_000,
  heartbeatIntervalSeconds: 300,
  bootRetryIntervalSeconds: 60,
  commandTimeoutMs: 30_000,
  commandDeliveryWindowMs: 5_000,
  logBatchDelayMs: 20,
  logMaxBatchSize: 500,
  logMaxQueued: 100_000,
  transactionIdBlockSize: 1_000,
} as const;

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  SWITCHYARD_EDGE_ACCEPT_UNKNOWN_CHARGERS: z.enum(['true', 'false']).default('false'),
  SWITCHYARD_EDGE_MAX_FRAME_BYTES: positiveInt.default(edgeDefaults.maxFrameBytes),
  SWITCHYARD_EDGE_PING_INTERVAL_MS: positiveInt.default(edgeDefaults.pingIntervalMs),
  SWITCHYARD_EDGE_HEARTBEAT_INTERVAL_S: positiveInt.default(edgeDefaults.heartbeatIntervalSeconds),
  SWITCHYARD_EDGE_COMMAND_TIMEOUT_MS: positiveInt.default(edgeDefaults.commandTimeoutMs),
  SWITCHYARD_EDGE_TLS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SWITCHYARD_EDGE_TLS_KEY_FILE: z.string().min(1).optional(),
  SWITCHYARD_EDGE_TLS_CERT_FILE: z.string().min(1).optional(),
  SWITCHYARD_EDGE_TLS_CA_FILE: z.string().min(1).optional(),
});

/**
 * The edge's own settings (SWITCHYARD_EDGE_*), next to the shared listen address. TLS (security profiles
 * 2 and 3) is on when a TLS port, key and certificate are all given.
 */
export function loadEdgeConfig(
  environment: Readonly<Record<string, string | undefined>>,
  listen: { host: string; edgePort: number },
): EdgeConfig {
  const relevant = Object.fromEntries(
    Object.entries(environment).filter(([name, value]) => name.startsWith('SWITCHYARD_EDGE_') && value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`));
  }
  const env = parsed.data;
  const tlsParts = [env.SWITCHYARD_EDGE_TLS_PORT, env.SWITCHYARD_EDGE_TLS_KEY_FILE, env.SWITCHYARD_EDGE_TLS_CERT_FILE];
  if (tlsParts.some((part) => part !== undefined) && tlsParts.some((part) => part === undefined)) {
    throw new ConfigError(['SWITCHYARD_EDGE_TLS_PORT, SWITCHYARD_EDGE_TLS_KEY_FILE and SWITCHYARD_EDGE_TLS_CERT_FILE go together']);
  }
  const readPem = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError([`cannot read ${path}: ${(error as Error).message}`]);
    }
  };
  const tls =
    env.SWITCHYARD_EDGE_TLS_PORT === undefined || env.SWITCHYARD_EDGE_TLS_KEY_FILE === undefined || env.SWITCHYARD_EDGE_TLS_CERT_FILE === undefined
      ? undefined
      : {
          host: listen.host,
          port: env.SWITCHYARD_EDGE_TLS_PORT,
          key: readPem(env.SWITCHYARD_EDGE_TLS_KEY_FILE),
          cert: readPem(env.SWITCHYARD_EDGE_TLS_CERT_FILE),
          ...(env.SWITCHYARD_EDGE_TLS_CA_FILE === undefined ? {} : { ca: readPem(env.SWITCHYARD_EDGE_TLS_CA_FILE) }),
        };
  return {
    ...edgeDefaults,
    listeners: { plain: { host: listen.host, port: listen.edgePort }, ...(tls === undefined ? {} : { tls }) },
    acceptUnknownChargers: env.SWITCHYARD_EDGE_ACCEPT_UNKNOWN_CHARGERS === 'true',
    maxFrameBytes: env.SWITCHYARD_EDGE_MAX_FRAME_BYTES,
    pingIntervalMs: env.SWITCHYARD_EDGE_PING_INTERVAL_MS,
    heartbeatIntervalSeconds: env.SWITCHYARD_EDGE_HEARTBEAT_INTERVAL_S,
    commandTimeoutMs: env.SWITCHYARD_EDGE_COMMAND_TIMEOUT_MS,
  };
}
