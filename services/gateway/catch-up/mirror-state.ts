import type { ObserverCatchUp } from '../routing/route.ts';

/** A charger CALL as the mirror tracks it: its id and when the edge received it (its place in the log). */
export interface CallMark {
  readonly messageId: string;
  readonly receivedAt: number;
}

/**
 * Where one observer stands with one charger's calls. live: copies go out as the charger sends them.
 * behind: a copy failed; later calls are held (counted in `missed`) until the link takes a call again.
 * catchingUp: the calls since `from` are being re-sent from the log, up to `latest`, before going live.
 */
export type MirrorState =
  /** unanswered: copies sent and not answered yet, oldest first (the ones a broken link loses). */
  | { readonly kind: 'live'; readonly lastOffered: CallMark | null; readonly unanswered: readonly CallMark[] }
  | { readonly kind: 'behind'; readonly from: CallMark; readonly latest: CallMark; readonly missed: number }
  | { readonly kind: 'catchingUp'; readonly from: CallMark; readonly latest: CallMark; readonly missed: number };

export const liveMirror: MirrorState = { kind: 'live', lastOffered: null, unanswered: [] };

const sameCall = (a: CallMark, b: CallMark): boolean => a.messageId === b.messageId && a.receivedAt === b.receivedAt;
const liveAfter = (call: CallMark): MirrorState => ({ kind: 'live', lastOffered: call, unanswered: [] });

/** What the gateway does with a charger CALL offered to the observer. */
export type OfferVerdict =
  /** Send the copy now. */
  | { readonly kind: 'send' }
  /** Hold it: it will be re-sent from the log. */
  | { readonly kind: 'hold' }
  /** The link is back: start replaying from the log (this call included). */
  | { readonly kind: 'startCatchUp' }
  /** The link is back and the policy is skip: the held copies are dropped, this one is sent. */
  | { readonly kind: 'skipAndSend'; readonly skipped: number };

export interface Step<V> {
  readonly state: MirrorState;
  readonly verdict: V;
}

export function offered(state: MirrorState, call: CallMark, linkOpen: boolean, policy: ObserverCatchUp): Step<OfferVerdict> {
  switch (state.kind) {
    case 'live':
      return { state: { kind: 'live', lastOffered: call, unanswered: [...state.unanswered, call] }, verdict: { kind: 'send' } };
    case 'behind': {
      const held = { ...state, latest: call, missed: state.missed + 1 };
      if (!linkOpen) return { state: held, verdict: { kind: 'hold' } };
      if (policy === 'skip') return { state: { kind: 'live', lastOffered: call, unanswered: [call] }, verdict: { kind: 'skipAndSend', skipped: state.missed } };
      return { state: { ...held, kind: 'catchingUp' }, verdict: { kind: 'startCatchUp' } };
    }
    case 'catchingUp':
      return { state: { ...state, latest: call, missed: state.missed + 1 }, verdict: { kind: 'hold' } };
    default: {
      const unknown: never = state;
      throw new Error(`unknown mirror state ${JSON.stringify(unknown)}`);
    }
  }
}

/** The observer answered a live copy. */
export function copyAnswered(state: MirrorState, call: CallMark): MirrorState {
  if (state.kind !== 'live') return state;
  return { ...state, unanswered: state.unanswered.filter((unanswered) => !sameCall(unanswered, call)) };
}

/**
 * A live copy was not answered (link down, timeout): the observer is behind from that call on, and the
 * copies sent after it are missed too. Some of those may still arrive; the replay sends them again (at
 * least once, never a gap).
 */
export function copyFailed(state: MirrorState, call: CallMark): MirrorState {
  if (state.kind !== 'live') return state;
  const position = state.unanswered.findIndex((unanswered) => sameCall(unanswered, call));
  const missed = position < 0 ? 1 : state.unanswered.length - position;
  return { kind: 'behind', from: call, latest: state.lastOffered ?? call, missed };
}

export type OpenVerdict = { readonly kind: 'none' } | { readonly kind: 'startCatchUp' } | { readonly kind: 'skipped'; readonly skipped: number };

/** The observer's link (re)opened. */
export function linkOpened(state: MirrorState, policy: ObserverCatchUp): Step<OpenVerdict> {
  if (state.kind !== 'behind') return { state, verdict: { kind: 'none' } };
  if (policy === 'skip') return { state: liveAfter(state.latest), verdict: { kind: 'skipped', skipped: state.missed } };
  return { state: { ...state, kind: 'catchingUp' }, verdict: { kind: 'startCatchUp' } };
}

/** One missed call was re-sent and answered: live again once the latest held call is through. */
export function replayed(state: MirrorState, call: CallMark): MirrorState {
  if (state.kind !== 'catchingUp') return state;
  if (sameCall(call, state.latest)) return liveAfter(call);
  return { ...state, missed: Math.max(0, state.missed - 1) };
}

/** A replayed call was not answered: behind again from that call, waiting for the link. */
export function replayFailed(state: MirrorState, call: CallMark): MirrorState {
  if (state.kind !== 'catchingUp') return state;
  return { ...state, kind: 'behind', from: call };
}

/** The log does not have the held calls (their append failed): give up on them and go live. */
export function replayAbandoned(state: MirrorState): MirrorState {
  if (state.kind !== 'catchingUp') return state;
  return liveAfter(state.latest);
}

/** Calls still to be caught up: the observer lag. */
export function lagOf(state: MirrorState): number {
  return state.kind === 'live' ? 0 : state.missed;
}
