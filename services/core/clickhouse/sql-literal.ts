/**
 * A value as ClickHouse SQL literal text: strings single-quoted with backslash escapes, arrays bracketed,
 * null as NULL. For settings, file paths and schema defaults the statement itself must carry.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return `[${value.map(sqlLiteral).join(', ')}]`;
  return `'${String(value).replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
