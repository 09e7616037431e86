import { describe, expect, it } from 'vitest';
import { ShardedMap } from '../../services/projectors/tracking/sharded-map.ts';

type Change = readonly ['set', string, number] | readonly ['delete', string];

/** Given changes applied one by one, then the map holds what a plain Map would, and no earlier version changed. */
const rows: readonly { readonly given: string; readonly changes: readonly Change[] }[] = [
  { given: 'nothing', changes: [] },
  { given: 'one key', changes: [['set', 'CP-1', 1]] },
  { given: 'a key set twice', changes: [['set', 'CP-1', 1], ['set', 'CP-1', 2]] },
  { given: 'a key deleted', changes: [['set', 'CP-1', 1], ['set', 'CP-2', 2], ['delete', 'CP-1']] },
  { given: 'an absent key deleted', changes: [['set', 'CP-1', 1], ['delete', 'CP-9']] },
  { given: 'an empty key', changes: [['set', '', 0]] },
  {
    given: '40,000 keys (more than one per bucket), every third deleted, every seventh set again',
    changes: [
      ...Array.from({ length: 40_000 }, (_, index): Change => ['set', `NL/SWY/TAG-${index}`, index]),
      ...Array.from({ length: 13_334 }, (_, index): Change => ['delete', `NL/SWY/TAG-${index * 3}`]),
      ...Array.from({ length: 5_715 }, (_, index): Change => ['set', `NL/SWY/TAG-${index * 7}`, -index]),
    ],
  },
];

function differences(map: ShardedMap<number>, expected: ReadonlyMap<string, number>): string[] {
  return [...expected].filter(([key, value]) => map.get(key) !== value || !map.has(key)).map(([key]) => key);
}

describe('ShardedMap', () => {
  it.each(rows)('given $given', ({ changes }) => {
    const expected = new Map<string, number>();
    let map = ShardedMap.empty<number>();
    const versions: { readonly map: ShardedMap<number>; readonly snapshot: ReadonlyMap<string, number> }[] = [];
    for (const [index, change] of changes.entries()) {
      if (change[0] === 'set') {
        map = map.set(change[1], change[2]);
        expected.set(change[1], change[2]);
      } else {
        map = map.delete(change[1]);
        expected.delete(change[1]);
      }
      if (index % 10_000 === 0) versions.push({ map, snapshot: new Map(expected) });
    }
    expect([...map.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(differences(map, expected)).toEqual([]);
    expect(map.has('absent')).toBe(false);
    for (const version of versions) {
      expect([...version.map.keys()].length).toBe(version.snapshot.size);
      expect(differences(version.map, version.snapshot)).toEqual([]);
    }
  });

  it('returns the same map when deleting an absent key', () => {
    const map = ShardedMap.empty<number>().set('CP-1', 1);
    expect(map.delete('CP-2')).toBe(map);
  });
});
