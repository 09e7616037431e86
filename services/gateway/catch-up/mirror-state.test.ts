import { describe, expect, it } from 'vitest';
import type { ObserverCatchUp } from '../routing/route.ts';
import { copyAnswered, copyFailed, lagOf, linkOpened, liveMirror, offered, replayAbandoned, replayed, replayFailed, type CallMark, type MirrorState, type OfferVerdict, type OpenVerdict } from './mirror-state.ts';

const call = (n: number): CallMark => ({ messageId: `m${n}`, receivedAt: 1_000 + n });
const behind = (from: number, latest: number, missed: number): MirrorState => ({ kind: 'behind', from: call(from), latest: call(latest), missed });
const catchingUp = (from: number, latest: number, missed: number): MirrorState => ({ kind: 'catchingUp', from: call(from), latest: call(latest), missed });
const live = (last: number, ...unanswered: number[]): MirrorState => ({ kind: 'live', lastOffered: call(last), unanswered: unanswered.map(call) });

describe('offered', () => {
  it.each<{ case: string; given: MirrorState; linkOpen: boolean; policy: ObserverCatchUp; then: MirrorState; verdict: OfferVerdict }>([
    { case: 'live', given: liveMirror, linkOpen: true, policy: 'replay', then: live(5, 5), verdict: { kind: 'send' } },
    { case: 'live, link opening', given: live(4, 4), linkOpen: false, policy: 'replay', then: live(5, 4, 5), verdict: { kind: 'send' } },
    { case: 'behind, link down', given: behind(2, 4, 3), linkOpen: false, policy: 'replay', then: behind(2, 5, 4), verdict: { kind: 'hold' } },
    { case: 'behind, link back, replay', given: behind(2, 4, 3), linkOpen: true, policy: 'replay', then: catchingUp(2, 5, 4), verdict: { kind: 'startCatchUp' } },
    { case: 'behind, link back, skip', given: behind(2, 4, 3), linkOpen: true, policy: 'skip', then: live(5, 5), verdict: { kind: 'skipAndSend', skipped: 3 } },
    { case: 'catching up', given: catchingUp(2, 4, 3), linkOpen: true, policy: 'replay', then: catchingUp(2, 5, 4), verdict: { kind: 'hold' } },
  ])('given $case then $verdict.kind', ({ given, linkOpen, policy, then, verdict }) => {
    expect(offered(given, call(5), linkOpen, policy)).toEqual({ state: then, verdict });
  });
});

describe('copyAnswered', () => {
  it.each<{ case: string; given: MirrorState; answered: number; then: MirrorState }>([
    { case: 'the oldest copy answered', given: live(6, 5, 6), answered: 5, then: live(6, 6) },
    { case: 'a newer copy answered first', given: live(6, 5, 6), answered: 6, then: live(6, 5) },
    { case: 'behind: unchanged', given: behind(3, 6, 4), answered: 5, then: behind(3, 6, 4) },
  ])('given $case', ({ given, answered, then }) => {
    expect(copyAnswered(given, call(answered))).toEqual(then);
  });
});

describe('copyFailed', () => {
  it.each<{ case: string; given: MirrorState; failed: number; then: MirrorState }>([
    { case: 'live: behind from the failed call, the copies after it missed too', given: live(7, 5, 6, 7), failed: 5, then: behind(5, 7, 3) },
    { case: 'live: a newer copy failed first', given: live(7, 5, 6, 7), failed: 6, then: behind(6, 7, 2) },
    { case: 'live: a copy no longer tracked', given: live(6), failed: 5, then: behind(5, 6, 1) },
    { case: 'live with nothing offered before', given: liveMirror, failed: 5, then: behind(5, 5, 1) },
    { case: 'already behind: a copy in flight failing changes nothing', given: behind(3, 6, 4), failed: 5, then: behind(3, 6, 4) },
    { case: 'catching up: unchanged', given: catchingUp(3, 6, 4), failed: 5, then: catchingUp(3, 6, 4) },
  ])('given $case', ({ given, failed, then }) => {
    expect(copyFailed(given, call(failed))).toEqual(then);
  });
});

describe('linkOpened', () => {
  it.each<{ case: string; given: MirrorState; policy: ObserverCatchUp; then: MirrorState; verdict: OpenVerdict }>([
    { case: 'behind, replay', given: behind(2, 4, 3), policy: 'replay', then: catchingUp(2, 4, 3), verdict: { kind: 'startCatchUp' } },
    { case: 'behind, skip', given: behind(2, 4, 3), policy: 'skip', then: live(4), verdict: { kind: 'skipped', skipped: 3 } },
    { case: 'live', given: live(4), policy: 'replay', then: live(4), verdict: { kind: 'none' } },
    { case: 'already catching up', given: catchingUp(2, 4, 3), policy: 'replay', then: catchingUp(2, 4, 3), verdict: { kind: 'none' } },
  ])('given $case then $verdict.kind', ({ given, policy, then, verdict }) => {
    expect(linkOpened(given, policy)).toEqual({ state: then, verdict });
  });
});

describe('replay progress', () => {
  it.each<{ case: string; when: (state: MirrorState) => MirrorState; given: MirrorState; then: MirrorState }>([
    { case: 'a call before the latest replayed', given: catchingUp(2, 4, 3), when: (state) => replayed(state, call(2)), then: catchingUp(2, 4, 2) },
    { case: 'the latest replayed: live', given: catchingUp(2, 4, 1), when: (state) => replayed(state, call(4)), then: live(4) },
    { case: 'same id, other time: not the latest', given: catchingUp(2, 4, 1), when: (state) => replayed(state, { messageId: 'm4', receivedAt: 1 }), then: catchingUp(2, 4, 0) },
    { case: 'a replayed call failed: behind from it', given: catchingUp(2, 4, 2), when: (state) => replayFailed(state, call(3)), then: behind(3, 4, 2) },
    { case: 'the log lacks the held calls: live', given: catchingUp(2, 4, 2), when: replayAbandoned, then: live(4) },
    { case: 'replayed while live: unchanged', given: live(4), when: (state) => replayed(state, call(4)), then: live(4) },
  ])('given $case', ({ given, when, then }) => {
    expect(when(given)).toEqual(then);
  });

  it.each<{ given: MirrorState; then: number }>([
    { given: live(4), then: 0 },
    { given: behind(2, 4, 3), then: 3 },
    { given: catchingUp(2, 4, 2), then: 2 },
  ])('lag of $given.kind is $then', ({ given, then }) => {
    expect(lagOf(given)).toBe(then);
  });
});
