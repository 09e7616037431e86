import { z } from 'zod';
import { ConfigError } from '../../core/config/config.ts';
import type { RealtimeFallback } from './token-decision.ts';

export interface RealtimeAuthorizationConfig {
  /** The admin API serving `/ocpi/authorize`: this process's own unless the OCPI service runs elsewhere. */
  readonly adminUrl: string;
  /** How long Authorize waits for the eMSP before the fallback applies. */
  readonly timeoutMs: number;
  readonly fallback: RealtimeFallback;
}

const environmentSchema = z.object({
  SWITCHYARD_EDGE_REALTIME_AUTH_URL: z.url({ protocol: /^https?$/, error: 'expected the http(s) URL of an admin API, e.g. http://ocpi:8080/api' }).optional(),
  SWITCHYARD_EDGE_REALTIME_AUTH_TIMEOUT_MS: z.coerce.number().int().positive().max(30_000).default(3_000),
  SWITCHYARD_EDGE_REALTIME_AUTH_FALLBACK: z.enum(['reject', 'accept'], { error: 'expected reject or accept' }).default('reject'),
});

/**
 * SWITCHYARD_EDGE_REALTIME_AUTH_*: where the edge asks for real-time authorization (default: the admin API
 * of its own process, which serves it when the OCPI service runs there too, as in `switchyard run`), how
 * long it waits, and what a whitelist NEVER token gets when the eMSP does not answer.
 */
export function loadRealtimeAuthorizationConfig(env: Readonly<Record<string, string | undefined>>, listen: { readonly adminPort: number }): RealtimeAuthorizationConfig {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith('SWITCHYARD_EDGE_REALTIME_AUTH_') && value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`));
  }
  return {
    adminUrl: parsed.data.SWITCHYARD_EDGE_REALTIME_AUTH_URL ?? `http://127.0.0.1:${listen.adminPort}/api`,
    timeoutMs: parsed.data.SWITCHYARD_EDGE_REALTIME_AUTH_TIMEOUT_MS,
    fallback: parsed.data.SWITCHYARD_EDGE_REALTIME_AUTH_FALLBACK,
  };
}
