import type { MissedCall } from '../catch-up/missed-call.ts';

interface Held {
  readonly calls: MissedCall[];
  flushing: Promise<boolean> | undefined;
}

/** A held call as the store keeps it across gateway restarts. */
export interface StoredHeldCall {
  readonly chargerId: string;
  readonly call: MissedCall;
}

/** Where held calls outlive the gateway process (held-call-store.ts). */
export interface HeldCallStore {
  /** Every call held and not forwarded when the last gateway instance stopped. */
  load(): Promise<readonly StoredHeldCall[]>;
  held(chargerId: string, call: MissedCall): void;
  forwarded(chargerId: string, call: MissedCall): void;
}

/**
 * The calls answered locally while a charger's primary was unreachable, per charger (across its
 * reconnects and gateway restarts), until they are forwarded to the primary in the order the charger
 * sent them.
 */
export class HeldForPrimary {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly maxPerCharger: number,
    private readonly store: HeldCallStore,
  ) {}

  /** What the last gateway instance held: forwarded first, when each charger's primary is next asked. */
  restore(stored: readonly StoredHeldCall[]): void {
    const inOrder = [...stored].sort((a, b) => a.call.receivedAt - b.call.receivedAt);
    for (const { chargerId, call } of inOrder) this.heldOf(chargerId).calls.push(call);
  }

  /** False when the charger already has the most calls held: the call must not be answered locally. */
  hold(chargerId: string, call: MissedCall): boolean {
    const held = this.heldOf(chargerId);
    if (held.calls.length >= this.maxPerCharger) return false;
    held.calls.push(call);
    this.store.held(chargerId, call);
    return true;
  }

  /**
   * Forwards the held calls in order, one at a time, stopping at the first that is not answered (it
   * stays first). Resolves true when nothing is held any more. One flush runs per charger: a second
   * caller waits for the running one, so a live call never overtakes a held one.
   */
  flush(chargerId: string, forward: (call: MissedCall) => Promise<void>): Promise<boolean> {
    const held = this.held.get(chargerId);
    if (held === undefined) return Promise.resolve(true);
    held.flushing ??= (async () => {
      try {
        for (let next = held.calls[0]; next !== undefined; next = held.calls[0]) {
          await forward(next);
          held.calls.shift();
          this.store.forwarded(chargerId, next);
        }
        this.held.delete(chargerId);
        return true;
      } catch {
        return false;
      } finally {
        held.flushing = undefined;
      }
    })();
    return held.flushing;
  }

  private heldOf(chargerId: string): Held {
    let held = this.held.get(chargerId);
    if (held === undefined) {
      held = { calls: [], flushing: undefined };
      this.held.set(chargerId, held);
    }
    return held;
  }
}
