import type { OcpiVersionId } from '../partners/partner.ts';

const tokenPrefix = /^Token\s+(\S+)\s*$/i;
const base64Text = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** Credentials tokens are printable non-whitespace ASCII (credentials chapter, token field). */
const printableToken = /^[\x21-\x7e]+$/;

/**
 * The credentials tokens an `Authorization` header may carry, most likely first: 2.2.1 Base64-encodes the
 * token, while many 2.1.1 and 2.2 peers send it raw, and a raw token can itself look like Base64. The
 * caller looks each candidate up until one is known.
 */
export function presentedTokens(header: string | undefined): string[] {
  const match = header === undefined ? null : tokenPrefix.exec(header);
  const value = match?.[1];
  if (value === undefined) return [];
  const decoded = base64Text.test(value) ? Buffer.from(value, 'base64').toString('utf8') : '';
  return printableToken.test(decoded) && decoded !== value ? [decoded, value] : [value];
}

/** The header we send: Base64 per 2.2.1, the raw token to a 2.1.1 peer (what 2.1.1 specified). */
export function authorizationHeader(token: string, version: OcpiVersionId | null): string {
  return version === '2.1.1' ? `Token ${token}` : `Token ${Buffer.from(token, 'utf8').toString('base64')}`;
}
