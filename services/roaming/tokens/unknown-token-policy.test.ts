import { describe, expect, it } from 'vitest';
import { loadUnknownTokenPolicy } from './unknown-token-policy.ts';

describe('loadUnknownTokenPolicy', () => {
  const table: readonly { given: string | undefined; then: string }[] = [
    { given: undefined, then: 'reject' },
    { given: '', then: 'reject' },
    { given: 'reject', then: 'reject' },
    { given: 'accept', then: 'accept' },
    { given: 'realtime', then: 'realtime' },
  ];
  it.each(table)('given SWITCHYARD_EDGE_UNKNOWN_TOKENS=$given, then $then', ({ given, then }) => {
    expect(loadUnknownTokenPolicy({ SWITCHYARD_EDGE_UNKNOWN_TOKENS: given })).toBe(then);
  });

  it('names the variable and the value it refuses', () => {
    expect(() => loadUnknownTokenPolicy({ SWITCHYARD_EDGE_UNKNOWN_TOKENS: 'yes' })).toThrow('SWITCHYARD_EDGE_UNKNOWN_TOKENS: expected reject, accept or realtime (got "yes")');
  });
});
