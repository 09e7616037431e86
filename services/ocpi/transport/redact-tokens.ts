/** What a recorded credentials token reads as. */
export const redactedToken = '[redacted]';

/**
 * A credentials object carries a token at its top level (requests) or under `data` (response envelopes);
 * traffic records keep the rest of the body and never the token. Other modules' bodies pass unchanged
 * (their `token` fields are Token objects, not credentials).
 */
export function redactCredentialsTokens(module: string | null, body: string | null): string | null {
  if (module !== 'credentials' || body === null || body === '') return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.length > 0 ? redactedToken : body;
  }
  return JSON.stringify(withoutToken(parsed));
}

function withoutToken(value: unknown): unknown {
  if (!isObject(value)) return value;
  const copy: Record<string, unknown> = { ...value };
  if ('token' in copy) copy['token'] = redactedToken;
  if (isObject(copy['data'])) copy['data'] = withoutToken(copy['data']);
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
