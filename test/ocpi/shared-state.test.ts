import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBus } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { fixedClock, systemClock } from '../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../services/core/events/envelope.ts';
import type { CommandGrant } from '../../services/core/events/generated-types.ts';
import { startExpirySweep } from '../../services/ocpi/state/expiry-sweep.ts';
import { openSharedState, type SharedState } from '../../services/ocpi/state/shared-state.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { openOcpiWorld, testLogger, type OcpiWorld } from './support/ocpi-harness.ts';

/** The state OCPI instances share, on the embedded bus: each "instance" is a state with its own reader group. */

const t0 = Date.parse('2026-11-21T10:00:00Z');
const grant = (uid: string, expiresAt = t0 + 900_000): CommandGrant => ({
  charger_id: 'CP-1',
  uid,
  type: 'APP_USER',
  authorization_reference: `REF-${uid}`,
  group_id: null,
  granted_at: t0,
  expires_at: expiresAt,
});

let world: OcpiWorld;
const opened: SharedState<'switchyard.ocpi.command-grants'>[] = [];
const openInstance = async (instanceId: string, bus: EventBus = world.bus) => {
  const state = await openSharedState({
    bus,
    serde: world.serde,
    envelopeOf: createEnvelopeBuilder({ clock: systemClock, source: { service: 'ocpi', instanceId } }),
    topic: topics.ocpiCommandGrants,
    group: `${topics.ocpiCommandGrants}.${instanceId}`,
    onUndecodable: (key) => {
      throw new Error(`undecodable ${key}`);
    },
  });
  opened.push(state);
  return state;
};

beforeEach(async () => {
  world = await openOcpiWorld();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((state) => state.close()));
  await world.cleanup();
});

describe('state shared by OCPI instances', () => {
  it('shows one instance\'s writes and removals on another once it is up to date, and to an instance that starts later', async () => {
    const a = await openInstance('a');
    const b = await openInstance('b');
    await a.put('CP-1/APP_USER/APP-1', grant('APP-1'));
    await a.put('CP-1/APP_USER/APP-2', grant('APP-2'));
    expect(a.get('CP-1/APP_USER/APP-1')).toEqual(grant('APP-1'));
    await b.upToDate();
    expect(b.get('CP-1/APP_USER/APP-1')).toEqual(grant('APP-1'));

    await b.put('CP-1/APP_USER/APP-1', null);
    expect(b.get('CP-1/APP_USER/APP-1')).toBeUndefined();
    await a.upToDate();
    expect(a.get('CP-1/APP_USER/APP-1')).toBeUndefined();

    const later = await openInstance('later');
    expect(later.entries()).toEqual([['CP-1/APP_USER/APP-2', grant('APP-2')]]);
  });

  it('never undoes its own latest write while reading back older ones', async () => {
    // The reader is held back until every write is made, then the value is looked at after each record it reads.
    let releaseReader: () => void = () => undefined;
    const readerHeld = new Promise<void>((resolve) => {
      releaseReader = resolve;
    });
    const seen: (number | undefined)[] = [];
    let a: SharedState<'switchyard.ocpi.command-grants'> | undefined;
    const bus: EventBus = {
      append: (records) => world.bus.append(records),
      subscribe: (options) =>
        options.handler === undefined
          ? world.bus.subscribe(options)
          : world.bus.subscribe({
              ...options,
              handler: async (record) => {
                await readerHeld;
                await options.handler(record);
                seen.push(a?.get('CP-1/APP_USER/APP-1')?.expires_at);
              },
            }),
      seekGroup: (group, topic, target) => world.bus.seekGroup(group, topic, target),
      endOffsets: (topic) => world.bus.endOffsets(topic),
      lag: (group, topic) => world.bus.lag(group, topic),
      ensureTopics: (specs) => world.bus.ensureTopics(specs),
      close: () => world.bus.close(),
    };
    a = await openInstance('a', bus);
    for (const value of [grant('APP-1', t0 + 1), grant('APP-1', t0 + 2), null, grant('APP-1', t0 + 3)]) await a.put('CP-1/APP_USER/APP-1', value);
    expect(a.get('CP-1/APP_USER/APP-1')?.expires_at).toBe(t0 + 3);
    releaseReader();
    await a.upToDate();
    await eventually(async () => expect(seen).toHaveLength(4));
    expect(seen).toEqual([t0 + 3, t0 + 3, t0 + 3, t0 + 3]);
  });

  it('tombstones expired entries, for every instance', async () => {
    const a = await openInstance('a');
    const b = await openInstance('b');
    await a.put('CP-1/APP_USER/OLD', grant('OLD', t0 + 1_000));
    await a.put('CP-1/APP_USER/NEW', grant('NEW', t0 + 60_000));
    const clock = fixedClock(t0 + 1_000);
    const sweep = startExpirySweep({ state: a, clock, everyMs: 10, logger: testLogger() });
    try {
      await eventually(async () => expect(a.get('CP-1/APP_USER/OLD')).toBeUndefined());
    } finally {
      sweep.stop();
    }
    await b.upToDate();
    expect(b.entries().map(([key]) => key)).toEqual(['CP-1/APP_USER/NEW']);
  });
});
