import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';

export type { Logger } from 'pino';

/**
 * The one root logger of a process: JSON lines on stdout. Components get `logger.child({ component })`.
 * Secrets that may travel in objects logged by mistake are redacted.
 */
export function createRootLogger(options: { level: LogLevel; instanceId: string; service: string }): Logger {
  return pino({
    level: options.level,
    base: { service: options.service, instance: options.instanceId },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.authorization', '*.password', '*.token', 'headers.authorization'], censor: '[redacted]' },
  });
}

