import { describe, expect, it } from 'vitest';
import type { OcpiToken } from '../../../roaming/ocpi/token-object.ts';
import type { Partner } from '../../partners/partner.ts';
import { OcpiError } from '../../transport/ocpi-status.ts';
import { assertOwnParty, storedToken, tokenAddressOf, tokenFromPatch, tokenFromPut, type TokenAddress } from './token-push.ts';

const address: TokenAddress = { countryCode: 'DE', partyId: 'EMS', uid: 'TAG-1', type: 'RFID' };
const stored: OcpiToken = {
  country_code: 'DE',
  party_id: 'EMS',
  uid: 'TAG-1',
  type: 'RFID',
  contract_id: 'DE-EMS-C1',
  issuer: 'eMSP',
  valid: true,
  whitelist: 'ALWAYS',
  last_updated: '2026-11-21T10:00:00Z',
};

/** The OCPI status and HTTP status a refusal carries, or 'ok'. */
function outcomeOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof OcpiError) return `${error.ocpiStatusCode}/${error.httpStatus}`;
    throw error;
  }
}

describe('tokenFromPut', () => {
  const table: readonly { given: string; body: unknown; then: string }[] = [
    { given: 'the whole token', body: stored, then: 'ok' },
    { given: 'no last_updated', body: { ...stored, last_updated: undefined }, then: '2001/200' },
    { given: 'another uid than the URL', body: { ...stored, uid: 'TAG-2' }, then: '2001/200' },
    { given: 'another party than the URL', body: { ...stored, party_id: 'OTH' }, then: '2001/200' },
    { given: 'another type than the URL', body: { ...stored, type: 'APP_USER' }, then: '2001/200' },
    { given: 'a field the Token has not', body: { ...stored, colour: 'red' }, then: '2001/200' },
    { given: 'an unknown whitelist', body: { ...stored, whitelist: 'SOMETIMES' }, then: '2001/200' },
  ];
  it.each(table)('given $given, then $then', ({ body, then }) => {
    expect(outcomeOf(() => tokenFromPut(address, body))).toBe(then);
  });

  it('keeps the eMSP\'s last_updated', () => {
    expect(tokenFromPut(address, stored).last_updated).toBe('2026-11-21T10:00:00Z');
  });
});

describe('tokenFromPatch', () => {
  const table: readonly { given: string; body: unknown; then: string }[] = [
    { given: 'a field and last_updated', body: { valid: false, last_updated: '2026-11-21T11:00:00Z' }, then: 'ok' },
    { given: 'no last_updated', body: { valid: false }, then: '2001/200' },
    { given: 'a changed uid', body: { uid: 'TAG-2', last_updated: '2026-11-21T11:00:00Z' }, then: '2001/200' },
    { given: 'an invalid value', body: { valid: 'no', last_updated: '2026-11-21T11:00:00Z' }, then: '2001/200' },
    { given: 'not an object', body: ['valid'], then: '2001/200' },
  ];
  it.each(table)('given $given, then $then', ({ body, then }) => {
    expect(outcomeOf(() => tokenFromPatch(address, stored, body))).toBe(then);
  });

  it('merges the given fields into the stored token', () => {
    expect(tokenFromPatch(address, stored, { valid: false, whitelist: 'NEVER', last_updated: '2026-11-21T11:00:00Z' })).toEqual({
      ...stored,
      valid: false,
      whitelist: 'NEVER',
      last_updated: '2026-11-21T11:00:00Z',
    });
  });
});

describe('addressing', () => {
  const partner = (parties: readonly [string, string][]): Partner => ({
    id: 'P1',
    status: 'REGISTERED',
    incomingTokenHash: 'h',
    outgoingToken: 't',
    versionsUrl: null,
    version: '2.2.1',
    endpoints: [],
    roles: parties.map(([country_code, party_id]) => ({ role: 'EMSP', country_code, party_id, business_details: { name: 'eMSP' } })),
    createdAt: 0,
    updatedAt: 0,
  });

  it.each([
    // given the partner's parties; then whether it may use DE/EMS tokens
    [[['DE', 'EMS']] as [string, string][], 'ok'],
    [[['DE', 'OTH'], ['DE', 'EMS']] as [string, string][], 'ok'],
    [[['NL', 'EMS']] as [string, string][], '2000/404'],
  ])('given parties %j, then %s', (parties, then) => {
    expect(outcomeOf(() => assertOwnParty(partner(parties), address))).toBe(then);
  });

  it('reads the URL: CiString party ids, RFID by default, known types only', () => {
    expect(tokenAddressOf({ countryCode: 'de', partyId: 'ems', uid: 'TAG-1' }, undefined)).toEqual(address);
    expect(tokenAddressOf({ countryCode: 'DE', partyId: 'EMS', uid: 'TAG-1' }, 'APP_USER').type).toBe('APP_USER');
    expect(outcomeOf(() => tokenAddressOf({ countryCode: 'DE', partyId: 'EMS', uid: 'TAG-1' }, 'BADGE'))).toBe('2001/400');
  });

  it('finds a stored token only with its type', () => {
    expect(storedToken(stored, address)).toBe(stored);
    expect(outcomeOf(() => storedToken(stored, { ...address, type: 'APP_USER' }))).toBe('2004/404');
    expect(outcomeOf(() => storedToken(undefined, address))).toBe('2004/404');
  });
});
