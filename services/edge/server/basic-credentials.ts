/** HTTP Basic credentials as OCPP security profiles 1 and 2 use them (username = charger id). */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export function parseBasicAuthorization(header: string | undefined): BasicCredentials | null {
  if (header === undefined) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
