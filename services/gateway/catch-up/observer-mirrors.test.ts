import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Upstream } from '../routing/route.ts';
import type { CallLogPosition, ChargerCallLog } from './charger-call-log.ts';
import { liveMirror, type MirrorState } from './mirror-state.ts';
import type { MissedCall } from './missed-call.ts';
import type { StoredPosition } from './observer-position-store.ts';
import { ObserverMirrors, type CatchUpNote } from './observer-mirrors.ts';

const observer: Upstream = {
  name: 'next',
  role: 'observer',
  target: { kind: 'remote', url: 'ws://next.example.com', auth: { kind: 'none' } },
  timeouts: { connectMs: 1_000, callMs: 1_000 },
  allowedActions: [],
  catchUp: 'replay',
};
const call = (n: number): MissedCall => ({ messageId: `m${n}`, receivedAt: 1_000 + n, action: 'Heartbeat', payload: {} });

/** The frames topic as a list that grows: each read returns what was appended since the last one. */
class GrowingLog implements ChargerCallLog {
  readonly calls: MissedCall[] = [];
  async positionAt(fromMs: number): Promise<CallLogPosition> {
    return { offsets: [{ partition: 0, offset: this.calls.findIndex((logged) => logged.receivedAt >= fromMs) }] };
  }
  async callsFrom(_chargerId: string, position: CallLogPosition, since: number) {
    const start = position.offsets[0]?.offset ?? 0;
    const end = this.calls.length;
    return { calls: this.calls.slice(start, end).filter((logged) => logged.receivedAt >= since), next: { offsets: [{ partition: 0, offset: end }] } };
  }
}

function world(connectedHere: (chargerId: string) => boolean = () => false) {
  const log = new GrowingLog();
  const registry = new Registry();
  const observerLag = new Gauge({ name: 'lag', help: 'lag', labelNames: ['upstream'], registers: [registry] });
  const saved: { key: string; state: MirrorState['kind']; from: string | null }[] = [];
  const positions = { save: (chargerId: string, name: string, state: MirrorState) => void saved.push({ key: `${chargerId}/${name}`, state: state.kind, from: state.kind === 'live' ? null : state.from.messageId }) };
  const mirrors = new ObserverMirrors({ callLog: log, observerLag, positions, isConnectedHere: connectedHere, logPolling: { intervalMs: 1, attempts: 3 } });
  const lag = async (): Promise<number> => (await observerLag.get()).values[0]?.value ?? 0;
  return { log, mirrors, lag, saved };
}

const behindOn = (chargerId: string): StoredPosition => ({ chargerId, observer: 'next', state: { kind: 'behind', from: call(1), latest: call(2), missed: 2 } });

/** Offers calls first..last to the observer while its link is down (the first copy fails). */
function missWhileDown(mirrors: ObserverMirrors, log: GrowingLog, first: number, last: number): void {
  for (let n = first; n <= last; n++) {
    log.calls.push(call(n));
    mirrors.offer('CP-1', observer, call(n), false);
    if (n === first) mirrors.copyFailed('CP-1', observer, call(n));
  }
}

describe('ObserverMirrors.catchUp', () => {
  it('given missed calls in the log then it re-sends them in order and goes live, lag back to 0', async () => {
    const { log, mirrors, lag, saved } = world();
    missWhileDown(mirrors, log, 1, 3);
    expect(await lag()).toBe(3);
    expect(mirrors.linkOpened('CP-1', observer)).toEqual({ kind: 'startCatchUp' });
    const sent: string[] = [];
    const notes: CatchUpNote['kind'][] = [];
    await mirrors.catchUp('CP-1', observer, { send: async (missed) => void sent.push(missed.messageId), note: (note) => void notes.push(note.kind) });
    expect(sent).toEqual(['m1', 'm2', 'm3']);
    expect(notes).toEqual(['started', 'caughtUp']);
    expect(await lag()).toBe(0);
    expect(mirrors.offer('CP-1', observer, call(4), true)).toEqual({ kind: 'send' });
    // Saved when it fell behind, for each call held, and when it was live again; not for each call replayed.
    expect(saved).toEqual([
      { key: 'CP-1/next', state: 'behind', from: 'm1' },
      { key: 'CP-1/next', state: 'behind', from: 'm1' },
      { key: 'CP-1/next', state: 'behind', from: 'm1' },
      { key: 'CP-1/next', state: 'live', from: null },
    ]);
  });

  it('given positions saved by a stopped gateway then the routed ones are adopted behind, and caught up once the link opens', async () => {
    const { log, mirrors, lag, saved } = world();
    log.calls.push(call(1), call(2));
    mirrors.adopt(behindOn('CP-1'));
    mirrors.adopt(behindOn('CP-GONE'));
    mirrors.forgetUnrouted((chargerId) => chargerId === 'CP-1');
    expect(await lag()).toBe(2);
    expect(saved).toEqual([{ key: 'CP-GONE/next', state: 'live', from: null }]);
    expect(mirrors.offer('CP-1', observer, call(3), false)).toEqual({ kind: 'hold' });
    log.calls.push(call(3));
    expect(mirrors.linkOpened('CP-1', observer)).toEqual({ kind: 'startCatchUp' });
    const sent: string[] = [];
    await mirrors.catchUp('CP-1', observer, { send: async (missed) => void sent.push(missed.messageId), note: () => undefined });
    expect(sent).toEqual(['m1', 'm2', 'm3']);
    expect(await lag()).toBe(0);
  });

  it('given a position another instance saved live again then the observer is live here too, lag back to 0', async () => {
    const { mirrors, lag } = world();
    mirrors.adopt(behindOn('CP-1'));
    mirrors.adopt({ chargerId: 'CP-1', observer: 'next', state: liveMirror });
    expect(await lag()).toBe(0);
    expect(mirrors.offer('CP-1', observer, call(3), true)).toEqual({ kind: 'send' });
  });

  it('given the charger is connected here then positions coming back from the log change nothing', async () => {
    const { log, mirrors, lag } = world((chargerId) => chargerId === 'CP-1');
    missWhileDown(mirrors, log, 1, 3);
    mirrors.adopt({ chargerId: 'CP-1', observer: 'next', state: liveMirror });
    expect(await lag()).toBe(3);
    expect(mirrors.offer('CP-1', observer, call(4), false)).toEqual({ kind: 'hold' });
  });

  it('given a held call not yet in the log then it waits for it before going live', async () => {
    const { log, mirrors } = world();
    missWhileDown(mirrors, log, 1, 2);
    mirrors.offer('CP-1', observer, call(3), false);
    mirrors.linkOpened('CP-1', observer);
    const sent: string[] = [];
    const running = mirrors.catchUp('CP-1', observer, {
      send: async (missed) => {
        sent.push(missed.messageId);
        // The third call's frame reaches the log while the first ones are replayed.
        if (missed.messageId === 'm2') log.calls.push(call(3));
      },
      note: () => undefined,
    });
    await running;
    expect(sent).toEqual(['m1', 'm2', 'm3']);
  });

  it('given a replayed call that fails then it is behind again from that call, with the rest still counted', async () => {
    const { log, mirrors, lag } = world();
    missWhileDown(mirrors, log, 1, 3);
    mirrors.linkOpened('CP-1', observer);
    const sent: string[] = [];
    await mirrors.catchUp('CP-1', observer, {
      send: async (missed) => (missed.messageId === 'm2' ? Promise.reject(new Error('link closed')) : void sent.push(missed.messageId)),
      note: () => undefined,
    });
    expect(await lag()).toBe(2);
    expect(mirrors.offer('CP-1', observer, call(4), false)).toEqual({ kind: 'hold' });
    expect(mirrors.linkOpened('CP-1', observer)).toEqual({ kind: 'startCatchUp' });
    log.calls.push(call(4));
    await mirrors.catchUp('CP-1', observer, { send: async (missed) => void sent.push(missed.messageId), note: () => undefined });
    expect(sent).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('given held calls the log never gets then it gives up on them after polling and goes live', async () => {
    const { log, mirrors, lag } = world();
    missWhileDown(mirrors, log, 1, 2);
    mirrors.offer('CP-1', observer, call(3), false);
    mirrors.linkOpened('CP-1', observer);
    const notes: CatchUpNote[] = [];
    await mirrors.catchUp('CP-1', observer, { send: async () => undefined, note: (note) => void notes.push(note) });
    expect(notes.at(-1)).toEqual({ kind: 'abandoned', replayed: 2, missing: 1 });
    expect(await lag()).toBe(0);
  });

  it('given an observer the route dropped then its lag is forgotten', async () => {
    const { log, mirrors, lag } = world();
    missWhileDown(mirrors, log, 1, 3);
    mirrors.forget('CP-1', 'next');
    expect(await lag()).toBe(0);
  });
});
