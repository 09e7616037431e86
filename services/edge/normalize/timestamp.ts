/** Payload timestamps passed the schema's date-time format (with a zone) before they get here. */
export function epochMillis(isoTimestamp: string): number {
  const millis = Date.parse(isoTimestamp);
  if (Number.isNaN(millis)) throw new Error(`not a timestamp: ${isoTimestamp}`);
  return millis;
}

export function epochMillisOrNull(isoTimestamp: string | undefined): number | null {
  return isoTimestamp === undefined ? null : epochMillis(isoTimestamp);
}
