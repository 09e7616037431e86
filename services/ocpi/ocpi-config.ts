import { z } from 'zod';
import { ConfigError } from '../core/config/config.ts';
import { ocpiPartiesEnvironment } from '../core/config/ocpi-parties.ts';
import type { CredentialsRole } from './partners/partner.ts';

export interface OcpiConfig {
  /** Base URL partners reach us at, without a trailing slash; versions are at `${publicUrl}/ocpi/versions`. */
  readonly publicUrl: string;
  /** The CPO parties this deployment serves (country code + party id), with our business details. */
  readonly cpoRoles: readonly CredentialsRole[];
  /** Wait for a partner's answer to one outbound request. */
  readonly partnerTimeoutMs: number;
  /** Default and maximum page size of our sender modules (X-Limit). */
  readonly pageLimit: number;
  /** How long a charger may take to answer an OCPI command once it is sent (then the CommandResult is TIMEOUT). */
  readonly commandTimeoutMs: number;
}

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  SWITCHYARD_OCPI_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  ...ocpiPartiesEnvironment,
  SWITCHYARD_OCPI_BUSINESS_NAME: z.string().min(1).max(100).default('Switchyard CPO'),
  SWITCHYARD_OCPI_PARTNER_TIMEOUT_MS: positiveInt.default(10_000),
  SWITCHYARD_OCPI_PAGE_LIMIT: positiveInt.max(1000).default(100),
  SWITCHYARD_OCPI_COMMAND_TIMEOUT_MS: positiveInt.max(300_000).default(30_000),
});

/** The OCPI service's own settings (SWITCHYARD_OCPI_*), next to the shared listen address. */
export function loadOcpiConfig(
  environment: Readonly<Record<string, string | undefined>>,
  listen: { host: string; ocpiPort: number },
): OcpiConfig {
  const relevant = Object.fromEntries(
    Object.entries(environment).filter(([name, value]) => name.startsWith('SWITCHYARD_OCPI_') && name !== 'SWITCHYARD_OCPI_PORT' && value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`));
  }
  const env = parsed.data;
  return {
    publicUrl: (env.SWITCHYARD_OCPI_PUBLIC_URL ?? `http://${listen.host}:${listen.ocpiPort}`).replace(/\/+$/, ''),
    cpoRoles: env.SWITCHYARD_OCPI_PARTIES.map((p) => ({ role: 'CPO', business_details: { name: env.SWITCHYARD_OCPI_BUSINESS_NAME }, ...p })),
    partnerTimeoutMs: env.SWITCHYARD_OCPI_PARTNER_TIMEOUT_MS,
    pageLimit: env.SWITCHYARD_OCPI_PAGE_LIMIT,
    commandTimeoutMs: env.SWITCHYARD_OCPI_COMMAND_TIMEOUT_MS,
  };
}
