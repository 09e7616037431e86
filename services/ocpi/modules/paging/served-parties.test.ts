import { describe, expect, it } from 'vitest';
import type { CredentialsRole } from '../../partners/partner.ts';
import { requestedCpoParties } from './served-parties.ts';

const role = (country_code: string, party_id: string): CredentialsRole => ({ role: 'CPO', business_details: { name: 'CPO' }, country_code, party_id });
const ours = [role('NL', 'SWY'), role('BE', 'SWY')];

describe('the CPO parties a request is for', () => {
  const table: readonly { given: string; headers: { toCountryCode?: string; toPartyId?: string }; then: readonly string[] | { code: number; http: number } }[] = [
    { given: 'no OCPI-to headers', headers: {}, then: ['NL/SWY', 'BE/SWY'] },
    { given: 'one of our parties', headers: { toCountryCode: 'BE', toPartyId: 'SWY' }, then: ['BE/SWY'] },
    { given: 'one of our parties in lower case', headers: { toCountryCode: 'nl', toPartyId: 'swy' }, then: ['NL/SWY'] },
    { given: 'a party we do not serve', headers: { toCountryCode: 'DE', toPartyId: 'XYZ' }, then: { code: 2000, http: 404 } },
    { given: 'only a country code', headers: { toCountryCode: 'NL' }, then: { code: 2001, http: 400 } },
  ];
  it.each(table)('given $given, then $then', ({ headers, then }) => {
    const run = () => [...requestedCpoParties({ toCountryCode: headers.toCountryCode, toPartyId: headers.toPartyId }, ours)];
    if (Array.isArray(then)) expect(run()).toEqual(then);
    else expect(run).toThrow(expect.objectContaining({ ocpiStatusCode: (then as { code: number }).code, httpStatus: (then as { http: number }).http }) as Error);
  });
});
