import { logLevel, type logCreator } from 'kafkajs';

/** The slice of a pino logger the adapter needs; pino loggers satisfy it as they are. */
export interface BusLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Routes kafkajs's own log lines into the application's structured logger. kafkajs logs every error
 * response at error level, including the ones it handles itself (a group rebalancing, a leader moving);
 * those are warnings here, and failures that matter reach the caller as thrown errors anyway.
 */
export function kafkajsLogCreator(logger: BusLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _kafkajsTimestamp, ...details } = log;
      const entry = { kafkajs: namespace, ...details };
      switch (level) {
        case logLevel.ERROR:
          if (namespace === 'Connection') logger.warn(entry, message);
          else logger.error(entry, message);
          return;
        case logLevel.WARN:
          logger.warn(entry, message);
          return;
        case logLevel.INFO:
          logger.info(entry, message);
          return;
        case logLevel.DEBUG:
        case logLevel.NOTHING:
          logger.debug(entry, message);
          return;
        default:
          assertNever(level);
      }
    };
}

function assertNever(value: never): never {
  throw new Error(`unexpected kafkajs log level ${String(value)}`);
}
