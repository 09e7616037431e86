import { describe, expect, it } from 'vitest';
import { OcpiError } from '../transport/ocpi-status.ts';
import { ourCredentials, parseCredentials } from './credentials-object.ts';

const emsp = { role: 'EMSP', business_details: { name: 'eMSP' }, party_id: 'EMS', country_code: 'DE' };

describe('parseCredentials', () => {
  it.each([
    { given: 'a 2.2.1 object', version: '2.2.1' as const, body: { token: 'tok', url: 'https://e.example/versions', roles: [emsp] }, then: { token: 'tok', url: 'https://e.example/versions', roles: [emsp] } },
    {
      given: 'lower-case party ids (CiString)',
      version: '2.2.1' as const,
      body: { token: 'tok', url: 'https://e.example/versions', roles: [{ ...emsp, party_id: 'ems', country_code: 'de' }] },
      then: { token: 'tok', url: 'https://e.example/versions', roles: [emsp] },
    },
    {
      given: 'a 2.1.1 object (one party, eMSP implied)',
      version: '2.1.1' as const,
      body: { token: 'tok', url: 'https://e.example/versions', business_details: { name: 'eMSP' }, party_id: 'EMS', country_code: 'DE' },
      then: { token: 'tok', url: 'https://e.example/versions', roles: [emsp] },
    },
  ])('given $given, then it is read', ({ version, body, then }) => {
    expect(parseCredentials(version, body)).toEqual(then);
  });

  it.each([
    { given: 'a token with a space', body: { token: 'a b', url: 'https://e.example/versions', roles: [emsp] } },
    { given: 'a token over 64 characters', body: { token: 'x'.repeat(65), url: 'https://e.example/versions', roles: [emsp] } },
    { given: 'no roles', body: { token: 'tok', url: 'https://e.example/versions', roles: [] } },
    { given: 'no url', body: { token: 'tok', roles: [emsp] } },
    { given: 'no body', body: undefined },
  ])('given $given, then 2001 with HTTP 200 (the request reached the OCPI layer)', ({ body }) => {
    expect(() => parseCredentials('2.2.1', body)).toThrow(expect.objectContaining({ ocpiStatusCode: 2001, httpStatus: 200 }) as OcpiError);
  });
});

describe('ourCredentials', () => {
  const config = {
    publicUrl: 'https://cpo.example',
    cpoRoles: [
      { role: 'CPO' as const, business_details: { name: 'CPO' }, party_id: 'SWY', country_code: 'NL' },
      { role: 'CPO' as const, business_details: { name: 'CPO' }, party_id: 'SWZ', country_code: 'BE' },
    ],
  };
  it('lists every CPO role in 2.2.1', () => {
    expect(ourCredentials(config, '2.2.1', 'tok')).toEqual({ token: 'tok', url: 'https://cpo.example/ocpi/versions', roles: config.cpoRoles });
  });
  it('names the first CPO party in 2.1.1', () => {
    expect(ourCredentials(config, '2.1.1', 'tok')).toEqual({ token: 'tok', url: 'https://cpo.example/ocpi/versions', business_details: { name: 'CPO' }, party_id: 'SWY', country_code: 'NL' });
  });
});
