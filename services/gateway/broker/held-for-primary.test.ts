import { describe, expect, it } from 'vitest';
import type { MissedCall } from '../catch-up/missed-call.ts';
import { HeldForPrimary } from './held-for-primary.ts';

const call = (n: number): MissedCall => ({ messageId: `m${n}`, receivedAt: n, action: 'StatusNotification', payload: { connectorId: n } });

describe('HeldForPrimary', () => {
  it('given held calls when flushed then they are forwarded in order and nothing is left', async () => {
    const held = new HeldForPrimary(10);
    [1, 2, 3].forEach((n) => held.hold('CP-1', call(n)));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m1', 'm2', 'm3']);
    expect(await held.flush('CP-1', async () => Promise.reject(new Error('not called')))).toBe(true);
  });

  it('given a forward that fails when flushed then that call and the rest stay, in order', async () => {
    const held = new HeldForPrimary(10);
    [1, 2, 3].forEach((n) => held.hold('CP-1', call(n)));
    const forwarded: string[] = [];
    expect(await held.flush('CP-1', async (next) => (next.messageId === 'm2' ? Promise.reject(new Error('down')) : void forwarded.push(next.messageId)))).toBe(false);
    expect(await held.flush('CP-1', async (next) => void forwarded.push(next.messageId))).toBe(true);
    expect(forwarded).toEqual(['m1', 'm2', 'm3']);
  });

  it('given a flush running when a second caller flushes then it waits for the same flush', async () => {
    const held = new HeldForPrimary(10);
    held.hold('CP-1', call(1));
    let release: () => void = () => undefined;
    const first = held.flush('CP-1', () => new Promise<void>((resolve) => (release = resolve)));
    const second = held.flush('CP-1', async () => Promise.reject(new Error('a second flush ran')));
    release();
    expect(await Promise.all([first, second])).toEqual([true, true]);
  });

  it('given a charger at its limit then one more call is not held', () => {
    const held = new HeldForPrimary(2);
    expect([1, 2, 3].map((n) => held.hold('CP-1', call(n)))).toEqual([true, true, false]);
    expect(held.hold('CP-2', call(1))).toBe(true);
  });
});
