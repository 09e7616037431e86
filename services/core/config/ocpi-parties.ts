import { z } from 'zod';
import type { PartyRef } from '../events/generated-types.ts';

/** Our CPO parties, never empty: the first is the CPO's own party. */
export type OcpiParties = readonly [PartyRef, ...PartyRef[]];

const party = z
  .string()
  .regex(/^[A-Z]{2}[*-]?[A-Z0-9]{3}$/, 'expected country code and party id like NL-SWY')
  .transform((value): PartyRef => ({ country_code: value.slice(0, 2), party_id: value.slice(-3) }));

const partyList = z
  .string()
  .default('NL-SWY')
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0))
  .pipe(z.array(party))
  .transform((parties, context): OcpiParties => {
    const [first, ...rest] = parties;
    if (first === undefined) {
      context.addIssue({ code: 'custom', message: 'expected at least one country code and party id' });
      return z.NEVER;
    }
    return [first, ...rest];
  });

// These once set the projectors' own party apart from the parties OCPI serves. Refused rather than
// ignored, so an operator upgrading with them still set learns that their value no longer applies.
const replacedByOcpiParties = z
  .never({
    error:
      'no longer read; set SWITCHYARD_OCPI_PARTIES instead (its first party owns sessions and CDRs on EVSEs no Location names)',
  })
  .optional();

/**
 * The one setting of the CPO's own OCPI parties, to spread into the environment schema of every
 * service that needs them: the OCPI service lists them all in its credentials, the projectors make the
 * first the owner of sessions and CDRs on EVSEs no Location names.
 */
export const ocpiPartiesEnvironment = {
  SWITCHYARD_OCPI_PARTIES: partyList,
  SWITCHYARD_OCPI_COUNTRY_CODE: replacedByOcpiParties,
  SWITCHYARD_OCPI_PARTY_ID: replacedByOcpiParties,
};
