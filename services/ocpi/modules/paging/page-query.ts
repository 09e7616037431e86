import { z } from 'zod';
import { OcpiError, ocpiStatus } from '../../transport/ocpi-status.ts';

/** A paginated GET's parameters; dates are epoch ms (date_from inclusive, date_to exclusive). */
export interface PageQuery {
  readonly dateFrom: number | null;
  readonly dateTo: number | null;
  readonly offset: number;
  /** Already capped at the server's page limit. */
  readonly limit: number;
}

/** OCPI DateTime is UTC; partners often leave the zone out, so a time without one counts as UTC. */
const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/, 'expected an RFC 3339 date-time, e.g. 2026-11-21T10:00:00Z')
  .transform((value, context) => {
    const epochMs = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(epochMs)) context.addIssue({ code: 'custom', message: 'not a valid date-time' });
    return epochMs;
  });

const count = (minimum: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'expected a whole number')
    .transform(Number)
    .refine((value) => value >= minimum, `at least ${minimum}`);

const parameters = z.object({
  date_from: dateTime.optional(),
  date_to: dateTime.optional(),
  offset: count(0).optional(),
  limit: count(1).optional(),
});

/** Reads date_from, date_to, offset and limit; anything malformed is OCPI 2001 (HTTP 400). */
export function pageQueryOf(query: Readonly<Record<string, unknown>>, pageLimit: number): PageQuery {
  const parsed = parameters.safeParse(query);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`);
    throw new OcpiError(ocpiStatus.invalidOrMissingParameters, 400, `invalid paging parameters: ${problems.join('; ')}`);
  }
  const { date_from: dateFrom, date_to: dateTo, offset, limit } = parsed.data;
  if (dateFrom !== undefined && dateTo !== undefined && dateTo < dateFrom) {
    throw new OcpiError(ocpiStatus.invalidOrMissingParameters, 400, 'invalid paging parameters: date_to is before date_from');
  }
  return { dateFrom: dateFrom ?? null, dateTo: dateTo ?? null, offset: offset ?? 0, limit: Math.min(limit ?? pageLimit, pageLimit) };
}
