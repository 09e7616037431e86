import { describe, expect, it } from 'vitest';
import type { PartyRef } from '../../services/core/events/generated-types.ts';
import { loadOcpiConfig } from '../../services/ocpi/ocpi-config.ts';
import { loadProjectorSettings } from '../../services/projectors/projector-config.ts';

const listen = { host: '127.0.0.1', ocpiPort: 8181 };
const nlSwy: PartyRef = { country_code: 'NL', party_id: 'SWY' };
const deAbc: PartyRef = { country_code: 'DE', party_id: 'ABC' };
const be123: PartyRef = { country_code: 'BE', party_id: '123' };

function partiesServedByOcpi(environment: Record<string, string>): PartyRef[] {
  return loadOcpiConfig(environment, listen).cpoRoles.map(({ country_code, party_id }) => ({ country_code, party_id }));
}

describe('SWITCHYARD_OCPI_PARTIES, read by the OCPI service and the projectors', () => {
  it.each([
    // given SWITCHYARD_OCPI_PARTIES; then the parties OCPI serves, and the projectors' own party
    [{}, [nlSwy], nlSwy],
    [{ SWITCHYARD_OCPI_PARTIES: '' }, [nlSwy], nlSwy],
    [{ SWITCHYARD_OCPI_PARTIES: 'DE-ABC' }, [deAbc], deAbc],
    [{ SWITCHYARD_OCPI_PARTIES: 'DE*ABC, NL-SWY,BE123,' }, [deAbc, nlSwy, be123], deAbc],
  ])('reads %j', (environment, served, own) => {
    expect(partiesServedByOcpi(environment)).toEqual(served);
    expect(loadProjectorSettings(environment).ownParty).toEqual(own);
  });

  it.each([
    // given an invalid or retired setting; then both services refuse it with these words
    [{ SWITCHYARD_OCPI_PARTIES: ',' }, 'SWITCHYARD_OCPI_PARTIES: expected at least one country code and party id'],
    [{ SWITCHYARD_OCPI_PARTIES: 'NL-SWY,nl-swy' }, 'SWITCHYARD_OCPI_PARTIES: expected country code and party id like NL-SWY'],
    [{ SWITCHYARD_OCPI_COUNTRY_CODE: 'NL' }, 'SWITCHYARD_OCPI_COUNTRY_CODE: no longer read; set SWITCHYARD_OCPI_PARTIES instead'],
    [{ SWITCHYARD_OCPI_PARTIES: 'DE-ABC', SWITCHYARD_OCPI_PARTY_ID: 'ABC' }, 'SWITCHYARD_OCPI_PARTY_ID: no longer read; set SWITCHYARD_OCPI_PARTIES instead'],
  ])('refuses %j', (environment, named) => {
    expect(() => loadOcpiConfig(environment, listen)).toThrow(named);
    expect(() => loadProjectorSettings(environment)).toThrow(named);
  });
});
