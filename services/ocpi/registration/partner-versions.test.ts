import { describe, expect, it } from 'vitest';
import { chooseVersion, endpointsOf } from './partner-versions.ts';

const offer = (...versions: string[]) => versions.map((version) => ({ version, url: `https://emsp.example/ocpi/${version}` }));

describe('chooseVersion', () => {
  it.each([
    { given: 'both versions, newest wanted', data: offer('2.1.1', '2.2.1'), wanted: 'newest' as const, then: { kind: 'chosen', version: '2.2.1', url: 'https://emsp.example/ocpi/2.2.1' } },
    { given: 'only 2.1.1, newest wanted', data: offer('2.0', '2.1.1'), wanted: 'newest' as const, then: { kind: 'chosen', version: '2.1.1', url: 'https://emsp.example/ocpi/2.1.1' } },
    { given: 'both, 2.1.1 asked for', data: offer('2.2.1', '2.1.1'), wanted: '2.1.1' as const, then: { kind: 'chosen', version: '2.1.1', url: 'https://emsp.example/ocpi/2.1.1' } },
    { given: 'only 2.1.1, 2.2.1 asked for', data: offer('2.1.1'), wanted: '2.2.1' as const, then: { kind: 'none', problem: 'no common version: they offer 2.1.1, we need 2.2.1' } },
    { given: 'only versions we do not speak', data: offer('2.0', '2.2'), wanted: 'newest' as const, then: { kind: 'none', problem: 'no common version: they offer 2.0, 2.2, we need 2.2.1 or 2.1.1' } },
    { given: 'a body that is not a list', data: { version: '2.2.1' }, wanted: 'newest' as const, then: { kind: 'none', problem: 'the versions response is not a list of {version, url}' } },
  ])('given $given, then $then.kind', ({ data, wanted, then }) => {
    expect(chooseVersion(data, wanted)).toEqual(then);
  });
});

describe('endpointsOf', () => {
  it.each([
    {
      given: '2.2.1 details with roles',
      data: { version: '2.2.1', endpoints: [{ identifier: 'cdrs', role: 'RECEIVER', url: 'https://e.example/cdrs' }, { identifier: 'tokens', role: 'SENDER', url: 'https://e.example/tokens' }] },
      then: [{ identifier: 'cdrs', role: 'RECEIVER', url: 'https://e.example/cdrs' }, { identifier: 'tokens', role: 'SENDER', url: 'https://e.example/tokens' }],
    },
    { given: '2.1.1 details without roles', data: { version: '2.1.1', endpoints: [{ identifier: 'cdrs', url: 'https://e.example/cdrs' }] }, then: [{ identifier: 'cdrs', role: 'RECEIVER', url: 'https://e.example/cdrs' }] },
    { given: 'details without endpoints', data: { version: '2.2.1' }, then: 'the version details are not {version, endpoints: [{identifier, url}]}' },
  ])('given $given, then the stored endpoints', ({ data, then }) => {
    expect(endpointsOf(data)).toEqual(then);
  });
});
