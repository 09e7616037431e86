import type { Gauge } from 'prom-client';
import type { Followed } from '../../core/bus/follow-from-start.ts';
import type { CallMark } from '../catch-up/mirror-state.ts';
import type { MissedCall } from '../catch-up/missed-call.ts';

interface Held {
  readonly calls: MissedCall[];
  flushing: Promise<boolean> | undefined;
}

/** A held call as the store keeps it, or its removal once it was forwarded. */
export type HeldCallChange =
  | { readonly kind: 'held'; readonly chargerId: string; readonly call: MissedCall }
  | { readonly kind: 'forwarded'; readonly chargerId: string; readonly call: CallMark };

/** Where held calls outlive the gateway process and reach the other instances (held-call-store.ts). */
export interface HeldCallStore {
  /** Every call held and not forwarded, then each change any instance saves. Resolves once the saved ones are through. */
  follow(onChange: (change: HeldCallChange) => void): Promise<Followed>;
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
    private readonly store: Pick<HeldCallStore, 'held' | 'forwarded'>,
    /** Whether the charger's socket is on this instance (its held calls are this instance's to change). */
    private readonly isConnectedHere: (chargerId: string) => boolean,
    private readonly heldCount: Pick<Gauge, 'inc' | 'dec'>,
  ) {}

  /**
   * A call some gateway instance held, or forwarded (this one's own come back too): forwarded first, in
   * the order the charger sent them, when the charger's primary is next asked. Taken only for chargers
   * not connected here, so a previous instance's, or a restarted one's, held calls go with the charger.
   */
  adopt(change: HeldCallChange): void {
    if (this.isConnectedHere(change.chargerId)) return;
    const held = this.heldOf(change.chargerId);
    const sameCall = (call: MissedCall): boolean => call.receivedAt === change.call.receivedAt && call.messageId === change.call.messageId;
    const at = held.calls.findIndex(sameCall);
    if (at >= 0) {
      held.calls.splice(at, 1);
      this.heldCount.dec();
    }
    switch (change.kind) {
      case 'held': {
        const before = held.calls.findIndex((call) => call.receivedAt > change.call.receivedAt);
        held.calls.splice(before < 0 ? held.calls.length : before, 0, change.call);
        this.heldCount.inc();
        return;
      }
      case 'forwarded':
        if (held.calls.length === 0 && held.flushing === undefined) this.held.delete(change.chargerId);
        return;
      default: {
        const unreachable: never = change;
        throw new Error(`unknown held call change ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** False when the charger already has the most calls held: the call must not be answered locally. */
  hold(chargerId: string, call: MissedCall): boolean {
    const held = this.heldOf(chargerId);
    if (held.calls.length >= this.maxPerCharger) return false;
    held.calls.push(call);
    this.heldCount.inc();
    this.store.held(chargerId, call);
    return true;
  }

  /** Calls are held for the charger, or on their way to its primary: a newer call must wait for them. */
  isHolding(chargerId: string): boolean {
    return this.held.has(chargerId);
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
          this.heldCount.dec();
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
