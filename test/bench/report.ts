/** What one benchmark hands back: one or more tables, each printed and kept in test/bench/results. */
export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Targets, conditions and caveats a reader needs to trust the numbers. */
  readonly notes?: readonly string[];
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(): Promise<BenchTable[]>;
}

function formatCell(value: string | number): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function renderMarkdownTable(table: BenchTable): string {
  const cells = table.rows.map((row) => row.map(formatCell));
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...cells.map((row) => (row[index] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, index) => value.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  const separator = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  const notes = (table.notes ?? []).map((note) => `- ${note}`);
  return [`### ${table.title}`, '', line(table.columns), separator, ...cells.map(line), '', ...notes].join('\n');
}
