import { z } from 'zod';
import { ConfigError } from '../core/config/config.ts';
import { ocpiPartiesEnvironment } from '../core/config/ocpi-parties.ts';
import type { SessionsSettings } from './sessions/sessions-projection.ts';

const environment = z.object({
  ...ocpiPartiesEnvironment,
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
 * The projectors' settings: the CPO's own OCPI party, the first of SWITCHYARD_OCPI_PARTIES (owner of
 * sessions on EVSEs that no Location names yet), and the currency and time zone used when no tariff or
 * Location says otherwise.
 */
export function loadProjectorSettings(env: Readonly<Record<string, string | undefined>>): SessionsSettings {
  const relevant = Object.fromEntries(Object.entries(env).filter(([name, value]) => name in environment.shape && value !== undefined && value !== ''));
  const parsed = environment.safeParse(relevant);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`));
  return {
    ownParty: parsed.data.SWITCHYARD_OCPI_PARTIES[0],
    defaultCurrency: parsed.data.SWITCHYARD_DEFAULT_CURRENCY,
    timeZone: parsed.data.SWITCHYARD_DEFAULT_TIME_ZONE,
    finishedSessionsKept: 64,
  };
}
