import { describe, expect, it } from 'vitest';
import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import { indexLocations, type LocationSource } from './location-index.ts';

const at = (minute: number) => `2026-11-21T10:${String(minute).padStart(2, '0')}:00.000Z`;
const location = (id: string, minute: number): OcpiLocation =>
  ({ country_code: 'NL', party_id: 'SWY', id, publish: true, address: 'Dam 1', city: 'Amsterdam', country: 'NLD', coordinates: { latitude: '52.37317', longitude: '4.89276' }, time_zone: 'Europe/Amsterdam', evses: [], last_updated: at(minute) });

/** Live locations in memory, announcing changes the way LiveLocations does. */
function liveSource(initial: readonly OcpiLocation[]) {
  const live = new Map(initial.map((object) => [`NL/SWY/${object.id}`, object]));
  const listeners = new Set<(key: string) => void>();
  const source: LocationSource = {
    list: () => [...live.values()],
    read: (key) => live.get(key),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const change = (id: string, object: OcpiLocation | null) => {
    if (object === null) live.delete(`NL/SWY/${id}`);
    else live.set(`NL/SWY/${id}`, object);
    for (const listener of listeners) listener(`NL/SWY/${id}`);
  };
  return { source, change };
}

describe('live Locations in paging order', () => {
  const table: readonly { given: string; initial: readonly OcpiLocation[]; when: (change: (id: string, object: OcpiLocation | null) => void) => void; then: string }[] = [
    { given: 'locations at start', initial: [location('B', 2), location('A', 1)], when: () => undefined, then: 'A B' },
    { given: 'a new location', initial: [location('A', 1)], when: (change) => change('C', location('C', 0)), then: 'C A' },
    { given: 'an EVSE status change on the oldest', initial: [location('A', 1), location('B', 2)], when: (change) => change('A', location('A', 3)), then: 'B A' },
    { given: 'a location gone from the live view', initial: [location('A', 1), location('B', 2)], when: (change) => change('A', null), then: 'B' },
  ];
  it.each(table)('given $given, then the order is $then', ({ initial, when, then }) => {
    const { source, change } = liveSource(initial);
    const { index, close } = indexLocations(source);
    when(change);
    expect(index.ordered().map((entry) => entry.object.id).join(' ')).toBe(then);
    close();
    change('Z', location('Z', 9));
    expect(index.get('NL/SWY/Z')).toBeUndefined();
  });
});
