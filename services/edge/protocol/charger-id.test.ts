import { describe, expect, it } from 'vitest';
import { parseChargerId } from './charger-id.ts';

describe('parseChargerId', () => {
  it.each([
    { given: 'CP001', then: 'CP001' },
    { given: 'ABB-Terra_54*1=2+3|x@site.example', then: 'ABB-Terra_54*1=2+3|x@site.example' },
    { given: 'CP%2D001', then: 'CP-001' },
    { given: 'A'.repeat(48), then: 'A'.repeat(48) },
  ])('given $given then the id is $then', ({ given, then }) => {
    expect(parseChargerId(given)).toEqual({ ok: true, id: then });
  });

  it.each([
    { given: '', then: 'empty' },
    { given: 'A'.repeat(49), then: 'longer than 48' },
    { given: 'CP%3A1', then: "contains ':'" },
    { given: 'CP:1', then: "contains ':'" },
    { given: 'CP%ZZ', then: 'percent-encoding' },
    { given: 'CP%20001', then: 'identifierString' },
    { given: 'CP%2F001', then: 'identifierString' },
    { given: 'CP%C3%A9', then: 'identifierString' },
  ])('given $given then it is refused ($then)', ({ given, then }) => {
    const parsed = parseChargerId(given);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(then);
  });
});
