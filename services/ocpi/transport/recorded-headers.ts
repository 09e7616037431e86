/** Headers as a traffic record keeps them: lower-case names, one text value each, never the credentials token. */
export function recordedHeaders(headers: Readonly<Record<string, string | number | readonly string[] | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || value === undefined) continue;
    kept[lower] = typeof value === 'object' ? value.join(', ') : String(value);
  }
  return kept;
}
