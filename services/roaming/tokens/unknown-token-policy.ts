import { z } from 'zod';
import { ConfigError } from '../../core/config/config.ts';
import type { UnknownTokenPolicy } from './token-decision.ts';

const environment = z.object({
  SWITCHYARD_EDGE_UNKNOWN_TOKENS: z.enum(['reject', 'accept', 'realtime'], { error: 'expected reject, accept or realtime' }).default('reject'),
});

/** SWITCHYARD_EDGE_UNKNOWN_TOKENS: `reject` (default), `accept` (free vend for tokens nobody knows) or `realtime` (ask every eMSP). */
export function loadUnknownTokenPolicy(env: Readonly<Record<string, string | undefined>>): UnknownTokenPolicy {
  const given = env['SWITCHYARD_EDGE_UNKNOWN_TOKENS'];
  const parsed = environment.safeParse(given === undefined || given === '' ? {} : { SWITCHYARD_EDGE_UNKNOWN_TOKENS: given });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `SWITCHYARD_EDGE_UNKNOWN_TOKENS: ${issue.message} (got ${JSON.stringify(given)})`));
  }
  return parsed.data.SWITCHYARD_EDGE_UNKNOWN_TOKENS;
}
