/** OCPI DateTime text: RFC 3339 in UTC with a Z, fractional seconds only when there are any. */
export function ocpiDateTime(epochMs: number): string {
  return new Date(Math.round(epochMs)).toISOString().replace('.000Z', 'Z');
}
