import { z } from 'zod';
import type { RetryPolicy } from '../../core/bus/event-bus.ts';
import { ConfigError } from '../../core/config/config.ts';

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z
  .object({
    SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS: positiveInt.default(500),
    SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS: positiveInt.default(60_000),
  })
  .refine((env) => env.SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS >= env.SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS, {
    path: ['SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS'],
    message: 'must not be below SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS',
  });

/**
 * How push waits between attempts while a partner cannot take a change: doubling from the initial
 * backoff up to the cap, with no attempt limit (nothing a partner has not accepted is dropped).
 */
export function loadPushRetry(environment: Readonly<Record<string, string | undefined>>): RetryPolicy {
  const relevant = Object.fromEntries(Object.entries(environment).filter(([name, value]) => name.startsWith('SWITCHYARD_OCPI_PUSH_') && value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`));
  }
  return {
    initialBackoffMs: parsed.data.SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS,
    maxBackoffMs: parsed.data.SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS,
    maxAttempts: Number.POSITIVE_INFINITY,
  };
}
