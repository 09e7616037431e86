import { describe, expect, it } from 'vitest';
import { chargerMatcher } from '../../services/replay/charger-glob.ts';

describe('chargerMatcher', () => {
  it.each([
    { glob: '*', id: 'CP-1', then: true },
    { glob: 'CP-*', id: 'CP-17', then: true },
    { glob: 'CP-*', id: 'XCP-17', then: false },
    { glob: 'CP-?', id: 'CP-1', then: true },
    { glob: 'CP-?', id: 'CP-12', then: false },
    { glob: 'CP.1', id: 'CPx1', then: false },
    { glob: 'CP.1', id: 'CP.1', then: true },
    { glob: 'ACME-*, CP-1', id: 'CP-1', then: true },
    { glob: 'ACME-*, CP-1', id: 'ACME-9', then: true },
    { glob: 'ACME-*, CP-1', id: 'CP-2', then: false },
    { glob: '', id: 'CP-1', then: false },
  ])('given glob "$glob", charger $id matches: $then', ({ glob, id, then }) => {
    expect(chargerMatcher(glob)(id)).toBe(then);
  });
});
