import { afterEach, describe, expect, it } from 'vitest';
import { openTestBus } from '../../../test/edge/support/test-bus.ts';
import { createTransactionIdAllocator } from './transaction-id-allocator.ts';

describe('the transaction id allocator', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
  });

  it('never hands out an id twice, across instances and restarts', async () => {
    const opened = await openTestBus();
    cleanup = opened.cleanup;
    const { bus } = opened;
    const a = createTransactionIdAllocator({ bus, instanceId: 'a', blockSize: 3 });
    const b = createTransactionIdAllocator({ bus, instanceId: 'b', blockSize: 3 });
    const ids = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? a : b).next()));
    // "a" restarts: a new allocator, same instance id, same log.
    const restarted = createTransactionIdAllocator({ bus, instanceId: 'a', blockSize: 3 });
    ids.push(await restarted.next(), await restarted.next());
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBeGreaterThan(0);
  });

  it('refuses to go past the 32-bit id space', async () => {
    const opened = await openTestBus();
    cleanup = opened.cleanup;
    const allocator = createTransactionIdAllocator({ bus: opened.bus, instanceId: 'a', blockSize: 2 ** 31 });
    await expect(allocator.next()).rejects.toMatchObject({ code: 'edge.transaction-ids-exhausted', retriable: false });
  });
});
