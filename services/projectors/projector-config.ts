import { z } from 'zod';
import { ConfigError } from '../core/config/config.ts';
import type { SessionsSettings } from './sessions/sessions-projection.ts';

const environment = z.object({
  SWITCHYARD_OCPI_COUNTRY_CODE: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code').default('NL'),
  SWITCHYARD_OCPI_PARTY_ID: z.string().regex(/^[A-Z0-9]{3}$/, 'expected 3 upper-case letters or digits').default('SWY'),
  SWITCHYARD_DEFAULT_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code').default('EUR'),
  SWITCHYARD_DEFAULT_TIME_ZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone')
    .default('UTC'),
});

/**
 * The projectors' settings: the CPO's own OCPI party (owner of sessions on EVSEs that no Location names
 * yet), and the currency and time zone used when no tariff or Location says otherwise.
 */
export function loadProjectorSettings(env: Readonly<Record<string, string | undefined>>): SessionsSettings {
  const relevant = Object.fromEntries(Object.entries(env).filter(([name, value]) => name in environment.shape && value !== undefined && value !== ''));
  const parsed = environment.safeParse(relevant);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`));
  return {
    ownParty: { country_code: parsed.data.SWITCHYARD_OCPI_COUNTRY_CODE, party_id: parsed.data.SWITCHYARD_OCPI_PARTY_ID },
    defaultCurrency: parsed.data.SWITCHYARD_DEFAULT_CURRENCY,
    timeZone: parsed.data.SWITCHYARD_DEFAULT_TIME_ZONE,
    finishedSessionsKept: 64,
  };
}
