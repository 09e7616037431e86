import { Gauge } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { MissedCall } from '../catch-up/missed-call.ts';
import { HeldForPrimary, type HeldCallChange, type HeldCallStore } from './held-for-primary.ts';

const call = (n: number): MissedCall => ({ messageId: `m${n}`, receivedAt: n, action: 'StatusNotification', payload: { connectorId: n } });

/** What the gateway asked its store to keep, in order. */
function recordingStore(): Pick<HeldCallStore, 'held' | 'forwarded'> & { readonly log: string[] } {
  const log: string[] = [];
  return {
    log,
    held: (chargerId, held) => void log.push(`held ${chargerId} ${held.messageId}`),
    forwarded: (chargerId, held) => void log.push(`forwarded ${chargerId} ${held.messageId}`),
  };
}

const nothingConnected = (): boolean => false;
const heldGauge = (): Gauge => new Gauge({ name: 'held', help: 'calls held', registers: [] });

describe('HeldForPrimary', () => {
  it('given held calls when flushed then they are forwarded in order and nothing is left', async () => {
    const held = new HeldForPrimary(10, recordingStore(), nothingConnected, heldGauge());
    [1, 2, 3].forEach((n) => held.hold('CP-1', call(n)));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m1', 'm2', 'm3']);
    expect(await held.flush('CP-1', async () => Promise.reject(new Error('not called')))).toBe(true);
  });

  it('given calls held then the charger is holding until the last is forwarded, and others are not', async () => {
    const held = new HeldForPrimary(10, recordingStore(), nothingConnected, heldGauge());
    held.hold('CP-1', call(1));
    expect([held.isHolding('CP-1'), held.isHolding('CP-2')]).toEqual([true, false]);
    let release: () => void = () => undefined;
    const flushing = held.flush('CP-1', () => new Promise<void>((resolve) => (release = resolve)));
    expect(held.isHolding('CP-1')).toBe(true);
    release();
    await flushing;
    expect(held.isHolding('CP-1')).toBe(false);
  });

  it('given a forward that fails when flushed then that call and the rest stay, in order', async () => {
    const held = new HeldForPrimary(10, recordingStore(), nothingConnected, heldGauge());
    [1, 2, 3].forEach((n) => held.hold('CP-1', call(n)));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => (next.messageId === 'm2' ? Promise.reject(new Error('down')) : void forwarded.push(next.messageId)))).toBe(false);
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m1', 'm2', 'm3']);
  });

  it('given a flush running when a second caller flushes then it waits for the same flush', async () => {
    const held = new HeldForPrimary(10, recordingStore(), nothingConnected, heldGauge());
    held.hold('CP-1', call(1));
    let release: () => void = () => undefined;
    const first = held.flush('CP-1', () => new Promise<void>((resolve) => (release = resolve)));
    const second = held.flush('CP-1', async () => Promise.reject(new Error('a second flush ran')));
    release();
    expect(await Promise.all([first, second])).toEqual([true, true]);
  });

  it('given a charger at its limit then one more call is not held', () => {
    const held = new HeldForPrimary(2, recordingStore(), nothingConnected, heldGauge());
    expect([1, 2, 3].map((n) => held.hold('CP-1', call(n)))).toEqual([true, true, false]);
    expect(held.hold('CP-2', call(1))).toBe(true);
  });

  it('given calls held and some forwarded then the store keeps exactly the ones not forwarded yet', async () => {
    const store = recordingStore();
    const held = new HeldForPrimary(10, store, nothingConnected, heldGauge());
    [1, 2].forEach((n) => held.hold('CP-1', call(n)));
    await held.flush('CP-1', async (next) => (next.messageId === 'm2' ? Promise.reject(new Error('down')) : undefined));
    expect(store.log).toEqual(['held CP-1 m1', 'held CP-1 m2', 'forwarded CP-1 m1']);
  });

  it('given calls a previous gateway held when adopted then they go first, in the order the charger sent them', async () => {
    const held = new HeldForPrimary(10, recordingStore(), nothingConnected, heldGauge());
    held.adopt({ kind: 'held', chargerId: 'CP-1', call: call(20) });
    held.adopt({ kind: 'held', chargerId: 'CP-2', call: call(5) });
    held.adopt({ kind: 'held', chargerId: 'CP-1', call: call(10) });
    held.adopt({ kind: 'held', chargerId: 'CP-1', call: call(20) });
    held.hold('CP-1', call(30));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m10', 'm20', 'm30']);
  });

  const adoption: ReadonlyArray<[string, boolean, readonly HeldCallChange[], readonly string[]]> = [
    ['another instance held two calls and forwarded the first', false, [held(1), held(2), forwardedCall(1)], ['m2']],
    ['the forwarding came back before anything else', false, [forwardedCall(1)], []],
    ['every held call was forwarded elsewhere', false, [held(1), forwardedCall(1)], []],
    ['the charger is connected here (its state is ours; echoes are ignored)', true, [held(1), held(2)], []],
  ];
  it.each(adoption)('given %s when the primary is asked then what is forwarded is what is still held', async (_, connectedHere, changes, expected) => {
    const count = heldGauge();
    const heldForPrimary = new HeldForPrimary(10, recordingStore(), () => connectedHere, count);
    changes.forEach((change) => heldForPrimary.adopt(change));
    expect((await count.get()).values[0]?.value).toBe(expected.length);
    const forwarded: string[] = [];
    expect(await heldForPrimary.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(expected);
  });
});

function held(n: number): HeldCallChange {
  return { kind: 'held', chargerId: 'CP-1', call: call(n) };
}

function forwardedCall(n: number): HeldCallChange {
  return { kind: 'forwarded', chargerId: 'CP-1', call: { messageId: `m${n}`, receivedAt: n } };
}
