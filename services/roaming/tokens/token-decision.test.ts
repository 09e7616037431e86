import { describe, expect, it } from 'vitest';
import type { OcpiToken } from '../ocpi/token-object.ts';
import { decideToken, type UnknownTokenPolicy } from './token-decision.ts';

const token = (overrides: Partial<OcpiToken> = {}): OcpiToken => ({
  country_code: 'NL',
  party_id: 'SWY',
  uid: 'TAG-1',
  type: 'RFID',
  contract_id: 'NL-SWY-C00000001-X',
  issuer: 'Switchyard',
  valid: true,
  whitelist: 'ALWAYS',
  last_updated: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

describe('decideToken', () => {
  const table: readonly { given: string; candidates: readonly OcpiToken[]; policy: UnknownTokenPolicy; status: string; groupId: string | null }[] = [
    { given: 'an unknown token, reject policy', candidates: [], policy: 'reject', status: 'Invalid', groupId: null },
    { given: 'an unknown token, free vend', candidates: [], policy: 'accept', status: 'Accepted', groupId: null },
    { given: 'a valid ALWAYS token', candidates: [token()], policy: 'reject', status: 'Accepted', groupId: null },
    { given: 'a valid ALLOWED token', candidates: [token({ whitelist: 'ALLOWED' })], policy: 'reject', status: 'Accepted', groupId: null },
    { given: 'a valid ALLOWED_OFFLINE token', candidates: [token({ whitelist: 'ALLOWED_OFFLINE' })], policy: 'reject', status: 'Accepted', groupId: null },
    { given: 'a valid NEVER token (needs the eMSP)', candidates: [token({ whitelist: 'NEVER' })], policy: 'accept', status: 'Invalid', groupId: null },
    { given: 'an invalid token, even with free vend', candidates: [token({ valid: false })], policy: 'accept', status: 'Blocked', groupId: null },
    { given: 'a token of a group', candidates: [token({ group_id: 'FLEET-7' })], policy: 'reject', status: 'Accepted', groupId: 'FLEET-7' },
    {
      given: 'two eMSPs with the uid, one valid',
      candidates: [token({ party_id: 'AAA', valid: false }), token({ country_code: 'DE', party_id: 'ZZZ' })],
      policy: 'reject',
      status: 'Accepted',
      groupId: null,
    },
    {
      given: 'two eMSPs with the uid, both refusing: the first party decides',
      candidates: [token({ party_id: 'ZZZ', whitelist: 'NEVER' }), token({ party_id: 'AAA', valid: false })],
      policy: 'reject',
      status: 'Blocked',
      groupId: null,
    },
  ];

  it.each(table)('given $given, then $status', ({ candidates, policy, status, groupId }) => {
    expect(decideToken(candidates, policy).decision).toEqual({ status, expiresAt: null, groupId });
  });
});
