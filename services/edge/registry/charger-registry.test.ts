import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { openTestSerde } from '../../../test/edge/support/edge-harness.ts';
import { openTestBus } from '../../../test/edge/support/test-bus.ts';
import { openChargerRegistry } from './charger-registry.ts';
import { verifyPassword } from './password-hash.ts';

describe('the charger registry', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is rebuilt from switchyard.chargers by another instance, deletions included', async () => {
    const { bus, cleanup } = await openTestBus();
    cleanups.push(cleanup);
    const { serde, cleanup: cleanupSerde } = await openTestSerde();
    cleanups.push(cleanupSerde);
    const clock = fixedClock(Date.UTC(2026, 0, 1));
    let next = 0;
    const deps = { bus, serde, clock, newId: () => `id-${(next += 1)}` };

    const first = await openChargerRegistry({ ...deps, instanceId: 'one' });
    await first.ready;
    await first.put('CP-1', { securityProfile: 1, password: 'a-password-of-16+', allowed: true, bootPolicy: 'pending', quirkRules: [], labels: { site: 'north' } });
    await first.put('CP-2', { securityProfile: 3, allowed: true, bootPolicy: 'accept', quirkRules: [], labels: {} });
    await first.put('CP-3', { securityProfile: 0, allowed: false, bootPolicy: 'accept', quirkRules: [], labels: {} });
    expect(await first.remove('CP-3')).toBe(true);
    expect(await first.remove('CP-3')).toBe(false);
    await first.close();

    const second = await openChargerRegistry({ ...deps, instanceId: 'two' });
    await second.ready;
    expect(second.list().map((charger) => charger.chargerId)).toEqual(['CP-1', 'CP-2']);
    const cp1 = second.get('CP-1');
    expect(cp1).toMatchObject({ securityProfile: 1, bootPolicy: 'pending', labels: { site: 'north' }, createdAt: Date.UTC(2026, 0, 1) });
    if (cp1?.password == null) throw new Error('CP-1 lost its password hash');
    expect(await verifyPassword('a-password-of-16+', cp1.password)).toBe(true);
    expect(await verifyPassword('another-password!', cp1.password)).toBe(false);
    expect(second.get('CP-2')?.password).toBeNull();
    await second.close();
  });
});
