import { describe, expect, it } from 'vitest';
import type { OcpiToken } from '../ocpi/token-object.ts';
import { TokenIndex } from './token-index.ts';

const token = (overrides: Partial<OcpiToken> = {}): OcpiToken => ({
  country_code: 'DE',
  party_id: 'EMS',
  uid: 'TAG-1',
  type: 'RFID',
  contract_id: 'DE-EMS-C1',
  issuer: 'EMS',
  valid: true,
  whitelist: 'ALWAYS',
  last_updated: '2026-11-21T10:00:00Z',
  ...overrides,
});

const app = token({ type: 'APP_USER', contract_id: 'DE-EMS-APP' });
/** The key versions before the type was part of it wrote. */
const legacyKey = 'DE/EMS/TAG-1';

const rows: readonly { readonly given: string; readonly records: readonly (readonly [string, OcpiToken | null])[]; readonly then: readonly string[] }[] = [
  { given: 'a card and an app user with one uid', records: [['DE/EMS/TAG-1/RFID', token()], ['DE/EMS/TAG-1/APP_USER', app]], then: ['DE-EMS-C1', 'DE-EMS-APP'] },
  { given: 'a token keyed without its type', records: [[legacyKey, token()]], then: ['DE-EMS-C1'] },
  {
    given: 'a token under its old and its own key: the own key, whatever its last_updated',
    records: [[legacyKey, token({ contract_id: 'OLD', last_updated: '2026-11-22T00:00:00Z' })], ['DE/EMS/TAG-1/RFID', token()]],
    then: ['DE-EMS-C1'],
  },
  { given: 'the old key tombstoned after the rewrite', records: [[legacyKey, token({ contract_id: 'OLD' })], ['DE/EMS/TAG-1/RFID', token()], [legacyKey, null]], then: ['DE-EMS-C1'] },
  { given: 'a card deleted, its app user kept', records: [['DE/EMS/TAG-1/RFID', token()], ['DE/EMS/TAG-1/APP_USER', app], ['DE/EMS/TAG-1/RFID', null]], then: ['DE-EMS-APP'] },
];

describe('TokenIndex by uid', () => {
  it.each(rows)('given $given', ({ records, then }) => {
    const index = records.reduce((tokens, [key, value]) => tokens.set(key, value), TokenIndex.empty);
    expect(index.withUid('TAG-1').map((found) => found.contract_id)).toEqual(then);
  });
});
