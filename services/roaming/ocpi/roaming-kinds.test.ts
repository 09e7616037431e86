import { describe, expect, it } from 'vitest';
import { locationKind } from './location-kind.ts';
import { parseRoamingKey, roamingKey } from './roaming-kind.ts';
import { tariffKind } from './tariff-kind.ts';
import { tokenKind } from './token-kind.ts';

const at = Date.parse('2026-11-21T12:00:00.000Z');
const token = { country_code: 'NL', party_id: 'SWY', uid: 'TAG-1', type: 'RFID', contract_id: 'NL-SWY-C1', issuer: 'Switchyard', valid: true, whitelist: 'ALWAYS' };
const tariff = { country_code: 'NL', party_id: 'SWY', id: 'T1', currency: 'EUR', elements: [{ price_components: [{ type: 'TIME', price: 2, step_size: 60 }] }] };
const connector = { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_1_PHASE', max_voltage: 230, max_amperage: 16 };
const evse = { connectors: [connector], switchyard: { charger_id: 'CP-1', evse_id: 1 } };
const location = {
  country_code: 'NL', party_id: 'SWY', id: 'L1', publish: true, address: 'Dam 1', city: 'Amsterdam', country: 'NLD',
  coordinates: { latitude: '52.37317', longitude: '4.89276' }, time_zone: 'Europe/Amsterdam', evses: [evse],
};

const problemsOf = (result: { ok: true } | { ok: false; problems: readonly string[] }) => (result.ok ? [] : result.problems);

describe('operator-entered OCPI objects', () => {
  const table: readonly { given: string; accept: () => ReturnType<typeof tokenKind.accept> | ReturnType<typeof tariffKind.accept> | ReturnType<typeof locationKind.accept>; problems: readonly string[] }[] = [
    { given: 'a complete token', accept: () => tokenKind.accept(token, at), problems: [] },
    { given: 'a token without whitelist', accept: () => tokenKind.accept({ ...token, whitelist: undefined }, at), problems: ['whitelist: Invalid option: expected one of "ALWAYS"|"ALLOWED"|"ALLOWED_OFFLINE"|"NEVER"'] },
    { given: 'a token with an unknown field', accept: () => tokenKind.accept({ ...token, colour: 'blue' }, at), problems: ['body: Unrecognized key: "colour"'] },
    { given: 'a lower-case party id', accept: () => tokenKind.accept({ ...token, party_id: 'swy' }, at), problems: ['party_id: expected 3 upper-case letters or digits'] },
    { given: 'a complete tariff', accept: () => tariffKind.accept(tariff, at), problems: [] },
    { given: 'a tariff without elements', accept: () => tariffKind.accept({ ...tariff, elements: [] }, at), problems: ['elements: at least one tariff element'] },
    {
      given: 'a tariff ending before it starts',
      accept: () => tariffKind.accept({ ...tariff, start_date_time: '2026-12-01T00:00:00Z', end_date_time: '2026-11-01T00:00:00Z' }, at),
      problems: ['end_date_time: must be after start_date_time'],
    },
    { given: 'a complete location', accept: () => locationKind.accept(location, at), problems: [] },
    { given: 'a location without coordinates', accept: () => locationKind.accept({ ...location, coordinates: undefined }, at), problems: ['coordinates: Invalid input: expected object, received undefined'] },
    { given: 'an unknown time zone', accept: () => locationKind.accept({ ...location, time_zone: 'Mars/Olympus' }, at), problems: ['time_zone: expected an IANA time zone, e.g. Europe/Amsterdam'] },
    { given: 'an EVSE without its charger', accept: () => locationKind.accept({ ...location, evses: [{ connectors: [connector] }] }, at), problems: ['evses.0.switchyard: Invalid input: expected object, received undefined'] },
    {
      given: 'one OCPP EVSE mapped twice',
      accept: () => locationKind.accept({ ...location, evses: [evse, evse] }, at),
      problems: ['evses.1.switchyard: charger CP-1 EVSE 1 is mapped twice'],
    },
    { given: 'a connector id that is no OCPP connector id', accept: () => locationKind.accept({ ...location, evses: [{ ...evse, connectors: [{ ...connector, id: 'A' }] }] }, at), problems: ['evses.0.connectors.0.id: expected the OCPP connector id as text ("1" for OCPP 1.6)'] },
  ];
  it.each(table)('given $given, then it is refused for exactly what is wrong', ({ accept, problems }) => {
    expect(problemsOf(accept())).toEqual(problems);
  });

  it('stamps last_updated everywhere and fills what follows from the mapping', () => {
    const accepted = locationKind.accept(location, at);
    expect(accepted.ok && accepted.object).toMatchObject({
      last_updated: '2026-11-21T12:00:00.000Z',
      evses: [{ uid: 'CP-1-1', status: 'UNKNOWN', last_updated: '2026-11-21T12:00:00.000Z', connectors: [{ id: '1', last_updated: '2026-11-21T12:00:00.000Z' }] }],
    });
  });
});

describe('record keys of the compacted roaming topics', () => {
  const table: readonly { given: string; key: string; then: ReturnType<typeof parseRoamingKey> }[] = [
    { given: 'a plain key', key: 'NL/SWY/T1', then: { owner: { country_code: 'NL', party_id: 'SWY' }, id: 'T1' } },
    { given: 'an id holding slashes', key: 'NL/SWY/2026/night', then: { owner: { country_code: 'NL', party_id: 'SWY' }, id: '2026/night' } },
    { given: 'no id', key: 'NL/SWY/', then: null },
    { given: 'no party', key: 'NL', then: null },
  ];
  it.each(table)('given $given, then it names its owner and id', ({ key, then }) => {
    expect(parseRoamingKey(key)).toEqual(then);
  });

  it('reads back what roamingKey wrote', () => {
    const owner = { country_code: 'BE', party_id: 'SWB' };
    expect(parseRoamingKey(roamingKey(owner, 'a/b c'))).toEqual({ owner, id: 'a/b c' });
  });
});
