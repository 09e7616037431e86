interface Waiter {
  readonly topics: ReadonlySet<string>;
  readonly wake: () => void;
}

/** Wakes idle consumers when records land on their topics, so nobody polls. */
export class AppendNotifier {
  private readonly waiters = new Set<Waiter>();

  notify(topics: ReadonlySet<string>): void {
    for (const waiter of this.waiters) {
      if ([...topics].some((topic) => waiter.topics.has(topic))) waiter.wake();
    }
  }

  /** Resolves on the next append to one of `topics`, or when `signal` aborts. */
  waitForAppend(topics: ReadonlySet<string>, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        topics,
        wake: () => {
          this.waiters.delete(waiter);
          signal.removeEventListener('abort', waiter.wake);
          resolve();
        },
      };
      if (signal.aborted) {
        resolve();
        return;
      }
      this.waiters.add(waiter);
      signal.addEventListener('abort', waiter.wake, { once: true });
    });
  }
}
