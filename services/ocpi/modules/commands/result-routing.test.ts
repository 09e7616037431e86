import { describe, expect, it } from 'vitest';
import { commandResultRouting } from './result-routing.ts';

const ours = { country_code: 'NL', party_id: 'SWY' };
const theirs = { country_code: 'DE', party_id: 'EMS' };

describe('commandResultRouting', () => {
  it.each([
    {
      given: 'a command with all four routing headers',
      headers: { 'OCPI-from-country-code': 'FR', 'OCPI-from-party-id': 'EMA', 'OCPI-to-country-code': 'BE', 'OCPI-to-party-id': 'SWB' },
      then: { from: { countryCode: 'BE', partyId: 'SWB' }, to: { countryCode: 'FR', partyId: 'EMA' } },
    },
    { given: 'a peer-to-peer command without routing headers', headers: {}, then: { from: { countryCode: 'NL', partyId: 'SWY' }, to: { countryCode: 'DE', partyId: 'EMS' } } },
    {
      given: 'only the OCPI-from headers',
      headers: { 'OCPI-from-country-code': 'FR', 'OCPI-from-party-id': 'EMA' },
      then: { from: { countryCode: 'NL', partyId: 'SWY' }, to: { countryCode: 'FR', partyId: 'EMA' } },
    },
    { given: 'half a party (country code only)', headers: { 'OCPI-from-country-code': 'FR' }, then: { from: { countryCode: 'NL', partyId: 'SWY' }, to: { countryCode: 'DE', partyId: 'EMS' } } },
  ])('given $given, then the result goes $then', ({ headers, then }) => {
    const headerOf = (name: string): string | undefined => (headers as Record<string, string>)[name];
    expect(commandResultRouting(headerOf, { ours, theirs })).toEqual(then);
  });

  it('given a partner without a party, then no routing headers', () => {
    expect(commandResultRouting(() => undefined, { ours, theirs: null })).toBeUndefined();
  });
});
