/** status_code of an OCPI envelope text; null for anything else. */
export function envelopeStatusCode(body: string | null): number | null {
  if (body === null) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'status_code' in parsed && Number.isInteger(parsed.status_code)) return parsed.status_code as number;
  } catch {
    return null;
  }
  return null;
}
