import type { Logger } from 'pino';

export type ShutdownOutcome = 'clean' | 'failed' | 'timed-out';

/**
 * Remembers what was started, in order, and stops it in reverse: listeners first (registered last),
 * then consumers, producers, the log and the stores they depend on.
 */
export class Lifecycle {
  private readonly stoppers: { readonly name: string; readonly stop: () => Promise<void> }[] = [];
  private shutdown: Promise<ShutdownOutcome> | undefined;

  constructor(private readonly options: { logger: Logger; timeoutMs: number }) {}

  /** Call right after a component has started. */
  onStop(name: string, stop: () => Promise<void>): void {
    if (this.shutdown !== undefined) throw new Error(`cannot register ${name}: shutdown has begun`);
    this.stoppers.push({ name, stop });
  }

  /** Idempotent: a second call returns the first call's outcome. */
  stop(reason: string): Promise<ShutdownOutcome> {
    this.shutdown ??= this.stopAll(reason);
    return this.shutdown;
  }

  private async stopAll(reason: string): Promise<ShutdownOutcome> {
    const { logger, timeoutMs } = this.options;
    logger.info({ reason, components: this.stoppers.length, timeoutMs }, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed-out'>((resolve) => {
      timer = setTimeout(() => resolve('timed-out'), timeoutMs);
    });
    const outcome = await Promise.race([this.stopInReverse(), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timed-out') logger.error({ timeoutMs }, 'shutdown timed out');
    else logger.info({ outcome }, 'shutdown finished');
    return outcome;
  }

  private async stopInReverse(): Promise<'clean' | 'failed'> {
    let outcome: 'clean' | 'failed' = 'clean';
    for (const { name, stop } of [...this.stoppers].reverse()) {
      const started = performance.now();
      try {
        await stop();
        this.options.logger.info({ component: name, ms: Math.round(performance.now() - started) }, 'stopped');
      } catch (error) {
        outcome = 'failed';
        this.options.logger.error({ component: name, err: error }, 'stop failed');
      }
    }
    return outcome;
  }
}

export interface SignalTarget {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
}

export function exitCodeOf(outcome: ShutdownOutcome): number {
  switch (outcome) {
    case 'clean':
      return 0;
    case 'failed':
      return 1;
    case 'timed-out':
      return 124;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/**
 * SIGTERM/SIGINT start a graceful shutdown; a second signal means the operator has given up waiting
 * and the process exits at once.
 */
export function stopOnSignals(
  lifecycle: Lifecycle,
  deps: { signals: SignalTarget; exit: (code: number) => void; logger: Logger },
): void {
  let received = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    received += 1;
    if (received > 1) {
      deps.logger.warn({ signal }, 'second signal: exiting without waiting');
      deps.exit(130);
      return;
    }
    void lifecycle.stop(signal).then((outcome) => deps.exit(exitCodeOf(outcome)));
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) deps.signals.on(signal, () => onSignal(signal));
}
