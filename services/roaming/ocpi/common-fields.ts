import { z } from 'zod';

/** Fields every OCPI 2.2.1 object owned by a party shares, and the text/enum shapes the object tables use. */
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code (2 upper-case letters)');
export const partyId = z.string().regex(/^[A-Z0-9]{3}$/, 'expected 3 upper-case letters or digits');

/** OCPI CiString(n)/string(n): printable text of at most n characters. */
export const text = (maxLength: number) => z.string().min(1, 'must not be empty').max(maxLength, `at most ${maxLength} characters`);

/** OCPI DateTime; the admin API stamps last_updated itself, so a client may leave it out. */
export const dateTime = z.iso.datetime({ offset: true, error: 'expected an RFC 3339 date-time, e.g. 2026-11-21T10:00:00Z' });

export const displayText = z.object({ language: z.string().length(2, 'expected an ISO 639-1 language code'), text: text(512) });

export const price = z.object({ excl_vat: z.number().nonnegative(), incl_vat: z.number().nonnegative().optional() });

/** One line per problem, `path: message`, for 400 answers. */
export function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
}
