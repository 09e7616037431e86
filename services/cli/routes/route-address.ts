/**
 * How the CLI names a route: `default`, `group/<name>` or `charger/<id>`, the keys of switchyard.routes;
 * returns the admin API path of that route.
 */
export function routeApiPath(route: string): string {
  if (route === 'default') return '/routes/default';
  const [kind, name, ...rest] = route.split('/');
  if (name === undefined || name === '' || rest.length > 0) throw new Error(`route ${route}: say default, group/<name> or charger/<id>`);
  const encoded = encodeURIComponent(name);
  switch (kind) {
    case 'group':
      return `/routes/groups/${encoded}`;
    case 'charger':
      return `/routes/chargers/${encoded}`;
    default:
      throw new Error(`route ${route}: say default, group/<name> or charger/<id>`);
  }
}

export interface ReportRow {
  readonly routeKey: string;
  readonly primary: string | null;
  readonly observers: readonly string[];
  readonly chargers: number;
  readonly mirrored: number;
  readonly differencesByAction: Readonly<Record<string, number>>;
}

/** The migration report as a plain text table, one line per route. */
export function formatReport(rows: readonly ReportRow[]): string {
  const header = ['ROUTE', 'PRIMARY', 'OBSERVERS', 'CHARGERS', 'MIRRORED', 'DIFFERENCES'];
  const lines = rows.map((row) => [
    row.routeKey,
    row.primary ?? '(built-in)',
    row.observers.length === 0 ? '-' : row.observers.join(','),
    String(row.chargers),
    String(row.mirrored),
    Object.entries(row.differencesByAction).map(([action, count]) => `${action}=${count}`).join(' ') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
