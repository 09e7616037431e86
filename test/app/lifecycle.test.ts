import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, Lifecycle, stopOnSignals } from '../../services/core/lifecycle/lifecycle.ts';

const logger = pino({ level: 'silent' });
const never = () => new Promise<void>(() => {});

describe('Lifecycle', () => {
  it('given components started in order, then it stops them in reverse order', async () => {
    const stopped: string[] = [];
    const lifecycle = new Lifecycle({ logger, timeoutMs: 1_000 });
    for (const name of ['log', 'consumers', 'listeners']) lifecycle.onStop(name, async () => void stopped.push(name));
    expect(await lifecycle.stop('test')).toBe('clean');
    expect(stopped).toEqual(['listeners', 'consumers', 'log']);
  });

  it('given a component that fails to stop, then the others still stop and the outcome is failed', async () => {
    const stopped: string[] = [];
    const lifecycle = new Lifecycle({ logger, timeoutMs: 1_000 });
    lifecycle.onStop('log', async () => void stopped.push('log'));
    lifecycle.onStop('consumers', async () => {
      throw new Error('commit failed');
    });
    lifecycle.onStop('listeners', async () => void stopped.push('listeners'));
    expect(await lifecycle.stop('test')).toBe('failed');
    expect(stopped).toEqual(['listeners', 'log']);
  });

  it('given a component that never stops, then the hard timeout ends the shutdown', async () => {
    const lifecycle = new Lifecycle({ logger, timeoutMs: 50 });
    lifecycle.onStop('stuck', never);
    expect(await lifecycle.stop('test')).toBe('timed-out');
  });

  it('given stop called twice, then components stop once and both calls share the outcome', async () => {
    let stops = 0;
    const lifecycle = new Lifecycle({ logger, timeoutMs: 1_000 });
    lifecycle.onStop('once', async () => void (stops += 1));
    const [first, second] = await Promise.all([lifecycle.stop('a'), lifecycle.stop('b')]);
    expect([first, second, stops]).toEqual(['clean', 'clean', 1]);
    expect(() => lifecycle.onStop('late', async () => {})).toThrow('shutdown has begun');
  });

  it.each([
    { outcome: 'clean', code: 0 },
    { outcome: 'failed', code: 1 },
    { outcome: 'timed-out', code: 124 },
  ] as const)('given outcome $outcome, then the exit code is $code', ({ outcome, code }) => {
    expect(exitCodeOf(outcome)).toBe(code);
  });
});

describe('stopOnSignals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('given %s, then it shuts down gracefully and exits 0', async (signal) => {
    const signals = new EventEmitter();
    const lifecycle = new Lifecycle({ logger, timeoutMs: 1_000 });
    let stopped = false;
    lifecycle.onStop('component', async () => void (stopped = true));
    const exited = new Promise<number>((resolve) => stopOnSignals(lifecycle, { signals, exit: resolve, logger }));
    signals.emit(signal);
    expect(await exited).toBe(0);
    expect(stopped).toBe(true);
  });

  it('given a second signal during a slow shutdown, then it exits at once with 130', async () => {
    const signals = new EventEmitter();
    const lifecycle = new Lifecycle({ logger, timeoutMs: 60_000 });
    lifecycle.onStop('stuck', never);
    const codes: number[] = [];
    stopOnSignals(lifecycle, { signals, exit: (code) => codes.push(code), logger });
    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    expect(codes).toEqual([130]);
  });
});
