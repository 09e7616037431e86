import type { Gauge } from 'prom-client';
import type { Upstream } from '../routing/route.ts';
import type { ChargerCallLog, CallLogPosition } from './charger-call-log.ts';
import {
  copyAnswered,
  copyFailed,
  lagOf,
  linkOpened,
  liveMirror,
  offered,
  replayAbandoned,
  replayed,
  replayFailed,
  type CallMark,
  type MirrorState,
  type OfferVerdict,
  type OpenVerdict,
} from './mirror-state.ts';
import type { MissedCall } from './missed-call.ts';
import type { ObserverPositionStore, StoredPosition } from './observer-position-store.ts';

/** What a catch-up reports, to be recorded as gateway decisions. */
export type CatchUpNote =
  | { readonly kind: 'started'; readonly from: CallMark; readonly missed: number }
  | { readonly kind: 'failed'; readonly call: MissedCall | null; readonly reason: string }
  | { readonly kind: 'caughtUp'; readonly replayed: number }
  | { readonly kind: 'abandoned'; readonly replayed: number; readonly missing: number };

/** One catch-up's link to the observer, for as long as the charger connection that runs it lives. */
export interface CatchUpLink {
  /** Sends a re-read call on the observer's link (and records its answer); rejects when it is not answered. */
  send(call: MissedCall): Promise<void>;
  note(note: CatchUpNote): void;
}

export interface ObserverMirrorsDeps {
  readonly callLog: ChargerCallLog;
  readonly observerLag: Gauge<'upstream'>;
  /** Observers that are behind, kept so a restarted gateway, or another instance, still catches them up. */
  readonly positions: Pick<ObserverPositionStore, 'save'>;
  /** Whether the charger's socket is on this instance (its observers' positions are this instance's to move). */
  readonly isConnectedHere: (chargerId: string) => boolean;
  /** The log gets a frame a few ms after its answer: how often, and how long, to look for held calls. */
  readonly logPolling: { readonly intervalMs: number; readonly attempts: number };
}

/**
 * Every observer's position in every charger's calls, across the charger's reconnects; the ones behind
 * are also saved, so a restarted gateway catches them up too. The states and their transitions are
 * mirror-state.ts; this keeps them, feeds the lag gauge, and runs catch-ups from the log.
 */
export class ObserverMirrors {
  private readonly states = new Map<string, MirrorState>();

  constructor(private readonly deps: ObserverMirrorsDeps) {}

  /**
   * A position some gateway instance saved (this one's own come back too). Taken only for chargers not
   * connected here: the instance a charger is connected to is the one that moves its observers on, and
   * the others take over what it saved when the charger comes to them.
   */
  adopt(position: StoredPosition): void {
    if (this.deps.isConnectedHere(position.chargerId)) return;
    const key = keyOf(position.chargerId, position.observer);
    const lagChange = lagOf(position.state) - lagOf(this.states.get(key) ?? liveMirror);
    if (lagChange !== 0) this.deps.observerLag.inc({ upstream: position.observer }, lagChange);
    if (position.state.kind === 'live') this.states.delete(key);
    else this.states.set(key, position.state);
  }

  /** At start, once the saved positions are in: one the charger's route no longer names is never caught up. */
  forgetUnrouted(stillObserving: (chargerId: string, observer: string) => boolean): void {
    for (const key of [...this.states.keys()]) {
      const [chargerId = '', observer = ''] = key.split(keySeparator);
      if (!stillObserving(chargerId, observer)) this.forget(chargerId, observer);
    }
  }

  offer(chargerId: string, observer: Upstream, call: CallMark, linkOpen: boolean): OfferVerdict {
    const step = offered(this.stateOf(chargerId, observer.name), call, linkOpen, observer.catchUp);
    this.moveTo(chargerId, observer.name, step.state);
    return step.verdict;
  }

  copyAnswered(chargerId: string, observer: Upstream, call: CallMark): void {
    this.moveTo(chargerId, observer.name, copyAnswered(this.stateOf(chargerId, observer.name), call));
  }

  copyFailed(chargerId: string, observer: Upstream, call: CallMark): void {
    this.moveTo(chargerId, observer.name, copyFailed(this.stateOf(chargerId, observer.name), call));
  }

  linkOpened(chargerId: string, observer: Upstream): OpenVerdict {
    const step = linkOpened(this.stateOf(chargerId, observer.name), observer.catchUp);
    this.moveTo(chargerId, observer.name, step.state);
    return step.verdict;
  }

  /** The route no longer names the observer: what it missed will never be sent. */
  forget(chargerId: string, observerName: string): void {
    const key = keyOf(chargerId, observerName);
    if (!this.states.has(key)) return;
    this.moveTo(chargerId, observerName, liveMirror);
    this.states.delete(key);
  }

  /**
   * Re-sends, in log order, the charger's calls since the first one the observer missed, then goes live
   * once the latest held call is through. Run when offer or linkOpened said startCatchUp; only one runs
   * per charger and observer, since only that transition starts one.
   */
  async catchUp(chargerId: string, observer: Upstream, link: CatchUpLink): Promise<void> {
    const start = this.stateOf(chargerId, observer.name);
    if (start.kind !== 'catchingUp') return;
    link.note({ kind: 'started', from: start.from, missed: start.missed });
    const since = start.from.receivedAt;
    let position: CallLogPosition;
    try {
      position = await this.deps.callLog.positionAt(since);
    } catch (error) {
      this.stopCatchUp(chargerId, observer, link, start.from, error);
      return;
    }
    let sent = 0;
    let idleReads = 0;
    for (;;) {
      let calls: readonly MissedCall[];
      try {
        const read = await this.deps.callLog.callsFrom(chargerId, position, since);
        position = read.next;
        calls = read.calls;
      } catch (error) {
        this.stopCatchUp(chargerId, observer, link, this.fromOf(chargerId, observer) ?? start.from, error);
        return;
      }
      for (const call of calls) {
        try {
          await link.send(call);
        } catch (error) {
          link.note({ kind: 'failed', call, reason: reasonOf(error) });
          this.moveTo(chargerId, observer.name, replayFailed(this.stateOf(chargerId, observer.name), call));
          return;
        }
        sent += 1;
        const after = replayed(this.stateOf(chargerId, observer.name), call);
        this.moveTo(chargerId, observer.name, after);
        if (after.kind !== 'catchingUp') {
          if (after.kind === 'live') link.note({ kind: 'caughtUp', replayed: sent });
          return;
        }
      }
      idleReads = calls.length === 0 ? idleReads + 1 : 0;
      if (idleReads >= this.deps.logPolling.attempts) {
        const state = this.stateOf(chargerId, observer.name);
        link.note({ kind: 'abandoned', replayed: sent, missing: lagOf(state) });
        this.moveTo(chargerId, observer.name, replayAbandoned(state));
        return;
      }
      if (calls.length === 0) await new Promise((resolve) => setTimeout(resolve, this.deps.logPolling.intervalMs));
    }
  }

  private stopCatchUp(chargerId: string, observer: Upstream, link: CatchUpLink, from: CallMark, error: unknown): void {
    link.note({ kind: 'failed', call: null, reason: reasonOf(error) });
    this.moveTo(chargerId, observer.name, replayFailed(this.stateOf(chargerId, observer.name), from));
  }

  private fromOf(chargerId: string, observer: Upstream): CallMark | undefined {
    const state = this.stateOf(chargerId, observer.name);
    return state.kind === 'live' ? undefined : state.from;
  }

  private stateOf(chargerId: string, observer: string): MirrorState {
    return this.states.get(keyOf(chargerId, observer)) ?? liveMirror;
  }

  private moveTo(chargerId: string, observer: string, next: MirrorState): void {
    const key = keyOf(chargerId, observer);
    const previous = this.states.get(key) ?? liveMirror;
    const lagChange = lagOf(next) - lagOf(previous);
    if (lagChange !== 0) this.deps.observerLag.inc({ upstream: observer }, lagChange);
    this.states.set(key, next);
    if (changesPosition(previous, next)) this.deps.positions.save(chargerId, observer, next);
  }
}

const keySeparator = '\u0000';
const keyOf = (chargerId: string, observerName: string): string => `${chargerId}${keySeparator}${observerName}`;

/**
 * Saved when the observer falls behind or is live again, when its replay would start elsewhere, and when
 * a call is held (a restarted replay starts from `from` again, so the saved count is what it will send).
 * Not for each call replayed: a restart replays them again.
 */
function changesPosition(previous: MirrorState, next: MirrorState): boolean {
  if (previous.kind === 'live' || next.kind === 'live') return previous.kind !== next.kind;
  return previous.from !== next.from || previous.latest !== next.latest;
}

function reasonOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
