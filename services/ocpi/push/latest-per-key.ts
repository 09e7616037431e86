/**
 * A queue that keeps only the newest item per key, in the order keys first became pending: a slow
 * consumer gets each key's latest state once instead of every intermediate one.
 */
export class LatestPerKey<T> {
  private readonly pending = new Map<string, T>();
  private wake: (() => void) | undefined;

  get size(): number {
    return this.pending.size;
  }

  put(key: string, item: T): void {
    this.pending.set(key, item);
    this.wake?.();
  }

  /** Puts back an item that failed to go out, unless a newer one for its key arrived meanwhile. */
  putBack(key: string, item: T): void {
    if (!this.pending.has(key)) this.pending.set(key, item);
  }

  /** The oldest pending key and its newest item; waits for one; null once `signal` aborts. */
  async take(signal: AbortSignal): Promise<readonly [string, T] | null> {
    while (!signal.aborted) {
      const first = this.pending.entries().next();
      if (first.done !== true) {
        this.pending.delete(first.value[0]);
        return first.value;
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.wake = undefined;
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return null;
  }
}
