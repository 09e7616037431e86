import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajsLogCreator, type BusLogger } from './logger-bridge.ts';

type Level = keyof BusLogger;

function recordingLogger(): { logger: BusLogger; lines: Array<{ level: Level; details: object; message: string }> } {
  const lines: Array<{ level: Level; details: object; message: string }> = [];
  const at =
    (level: Level) =>
    (details: object, message: string): void => {
      lines.push({ level, details, message });
    };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

describe('kafkajsLogCreator', () => {
  // given a kafkajs line at this level from this namespace, then the application logger gets it at this level
  const table: ReadonlyArray<readonly [logLevel, string, Level]> = [
    [logLevel.ERROR, 'Consumer', 'error'],
    [logLevel.ERROR, 'Connection', 'warn'],
    [logLevel.WARN, 'Producer', 'warn'],
    [logLevel.INFO, 'Consumer', 'info'],
    [logLevel.DEBUG, 'Runner', 'debug'],
  ];

  for (const [level, namespace, expected] of table) {
    it(`${logLevel[level]} from ${namespace} becomes ${expected}`, () => {
      const { logger, lines } = recordingLogger();

      kafkajsLogCreator(logger)(logLevel.INFO)({
        namespace,
        level,
        label: logLevel[level],
        log: { timestamp: '2026-01-01T00:00:00.000Z', message: 'something happened', groupId: 'g' },
      });

      expect(lines).toEqual([{ level: expected, details: { kafkajs: namespace, groupId: 'g' }, message: 'something happened' }]);
    });
  }
});
