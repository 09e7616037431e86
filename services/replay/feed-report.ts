import { summarizeByAction, verdicts, type ActionSummary, type CallOutcome } from './answer-comparison.ts';
import type { TimeWindow } from './replay-window.ts';
import { formatColumns } from './text-table.ts';

export interface FeedReport {
  readonly jobId: string;
  readonly target: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly chargers: number;
  readonly calls: number;
  readonly answered: number;
  readonly byAction: readonly ActionSummary[];
  readonly failedChargers: readonly { readonly chargerId: string; readonly reason: string }[];
  readonly outcomes: readonly CallOutcome[];
}

export function feedReport(input: {
  readonly jobId: string;
  readonly target: string;
  readonly window: TimeWindow;
  readonly chargers: number;
  readonly calls: number;
  readonly outcomes: readonly CallOutcome[];
  readonly failedChargers: FeedReport['failedChargers'];
}): FeedReport {
  return {
    jobId: input.jobId,
    target: input.target,
    window: { from: new Date(input.window.fromMs).toISOString(), to: new Date(input.window.toMs).toISOString() },
    chargers: input.chargers,
    calls: input.calls,
    answered: input.outcomes.length,
    byAction: summarizeByAction(input.outcomes),
    failedChargers: input.failedChargers,
    outcomes: input.outcomes,
  };
}

/** The per-action table of matches and differences, as plain text columns. */
export function formatActionTable(summaries: readonly ActionSummary[]): string {
  const header = ['action', 'sent', ...verdicts, 'differing paths'];
  const rows = summaries.map((summary) => [
    summary.action,
    String(summary.sent),
    ...verdicts.map((verdict) => String(summary.counts[verdict])),
    Object.entries(summary.differingPaths)
      .map(([path, count]) => `${path} (${count})`)
      .join(', '),
  ]);
  return formatColumns(header, rows);
}
