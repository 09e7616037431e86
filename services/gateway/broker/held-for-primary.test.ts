import { describe, expect, it } from 'vitest';
import type { MissedCall } from '../catch-up/missed-call.ts';
import { HeldForPrimary, type HeldCallStore } from './held-for-primary.ts';

const call = (n: number): MissedCall => ({ messageId: `m${n}`, receivedAt: n, action: 'StatusNotification', payload: { connectorId: n } });

/** What the gateway asked its store to keep, in order. */
function recordingStore(): HeldCallStore & { readonly log: string[] } {
  const log: string[] = [];
  return {
    log,
    load: async () => [],
    held: (chargerId, held) => void log.push(`held ${chargerId} ${held.messageId}`),
    forwarded: (chargerId, held) => void log.push(`forwarded ${chargerId} ${held.messageId}`),
  };
}

describe('HeldForPrimary', () => {
  it('given held calls when flushed then they are forwarded in order and nothing is left', async () => {
    const held = new HeldForPrimary(10, recordingStore());
    [1, 2, 3].forEach((n) => held.hold('CP-1', call(n)));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m1', 'm2', 'm3']);
    expect(await held.flush('CP-1', async () => Promise.reject(new Error('not called')))).toBe(true);
  });

  it('given a forward that fails when flushed then that call and the rest stay, in order', async () => {
    const held = new HeldForPrimary(10, recordingStore());
    [1, 2, 3].forEach((n) => held.hold('CP-1', call(n)));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => (next.messageId === 'm2' ? Promise.reject(new Error('down')) : void forwarded.push(next.messageId)))).toBe(false);
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m1', 'm2', 'm3']);
  });

  it('given a flush running when a second caller flushes then it waits for the same flush', async () => {
    const held = new HeldForPrimary(10, recordingStore());
    held.hold('CP-1', call(1));
    let release: () => void = () => undefined;
    const first = held.flush('CP-1', () => new Promise<void>((resolve) => (release = resolve)));
    const second = held.flush('CP-1', async () => Promise.reject(new Error('a second flush ran')));
    release();
    expect(await Promise.all([first, second])).toEqual([true, true]);
  });

  it('given a charger at its limit then one more call is not held', () => {
    const held = new HeldForPrimary(2, recordingStore());
    expect([1, 2, 3].map((n) => held.hold('CP-1', call(n)))).toEqual([true, true, false]);
    expect(held.hold('CP-2', call(1))).toBe(true);
  });

  it('given calls held and some forwarded then the store keeps exactly the ones not forwarded yet', async () => {
    const store = recordingStore();
    const held = new HeldForPrimary(10, store);
    [1, 2].forEach((n) => held.hold('CP-1', call(n)));
    await held.flush('CP-1', async (next) => (next.messageId === 'm2' ? Promise.reject(new Error('down')) : undefined));
    expect(store.log).toEqual(['held CP-1 m1', 'held CP-1 m2', 'forwarded CP-1 m1']);
  });

  it('given calls a previous gateway held when restored then they go first, in the order the charger sent them', async () => {
    const held = new HeldForPrimary(10, recordingStore());
    held.restore([
      { chargerId: 'CP-1', call: call(20) },
      { chargerId: 'CP-2', call: call(5) },
      { chargerId: 'CP-1', call: call(10) },
    ]);
    held.hold('CP-1', call(30));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m10', 'm20', 'm30']);
  });
});
