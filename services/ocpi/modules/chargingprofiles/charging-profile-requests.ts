import { z } from 'zod';
import { dateTime, problemsOf } from '../../../roaming/ocpi/common-fields.ts';

const responseUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const seconds = z.number().int().nonnegative();

/** OCPI ChargingProfile (2.2.1, chargingprofiles data types): limits over time, relative to start_date_time or to the start of charging. */
export const ocpiChargingProfile = z.object({
  start_date_time: dateTime.optional(),
  duration: seconds.optional(),
  charging_rate_unit: z.enum(['W', 'A']),
  min_charging_rate: z.number().nonnegative().optional(),
  charging_profile_period: z.array(z.object({ start_period: seconds, limit: z.number().nonnegative() })),
});

export type OcpiChargingProfile = z.infer<typeof ocpiChargingProfile>;

const setChargingProfile = z.object({ charging_profile: ocpiChargingProfile, response_url: responseUrl });

/** `?duration=&response_url=` of a GET: the query carries what a body would. */
const activeProfileQuery = z.object({ duration: z.coerce.number().int().positive(), response_url: responseUrl });

const clearProfileQuery = z.object({ response_url: responseUrl });

export type SetChargingProfile = z.infer<typeof setChargingProfile>;
export type ActiveProfileQuery = z.infer<typeof activeProfileQuery>;
export type ClearProfileQuery = z.infer<typeof clearProfileQuery>;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

function parseWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}

export const parseSetChargingProfile = (body: unknown): Parsed<SetChargingProfile> => parseWith(setChargingProfile, body);
export const parseActiveProfileQuery = (query: unknown): Parsed<ActiveProfileQuery> => parseWith(activeProfileQuery, query);
export const parseClearProfileQuery = (query: unknown): Parsed<ClearProfileQuery> => parseWith(clearProfileQuery, query);
