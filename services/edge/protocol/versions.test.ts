import { describe, expect, it } from 'vitest';
import { negotiateSubprotocol } from './versions.ts';

describe('negotiateSubprotocol', () => {
  it.each([
    { given: ['ocpp1.6'], then: 'ocpp1.6' },
    { given: ['ocpp2.0.1'], then: 'ocpp2.0.1' },
    { given: ['ocpp1.6', 'ocpp2.0.1'], then: 'ocpp2.0.1' },
    { given: [' ocpp1.6 ', 'ocpp1.5'], then: 'ocpp1.6' },
    { given: ['ocpp1.5'], then: undefined },
    { given: ['OCPP1.6'], then: undefined },
    { given: ['ocpp2.1'], then: undefined },
    { given: [], then: undefined },
  ])('given offered $given then $then', ({ given, then }) => {
    expect(negotiateSubprotocol(given)).toBe(then);
  });
});
