import { outputVerdicts, summarizeOutcomes, type ComparableOutput, type ComparisonSummary, type OutputOutcome, type SwapPlan } from './output-comparison.ts';
import type { ReadRange } from './replay-window.ts';
import { formatColumns } from './text-table.ts';

export interface RebuildReport extends ComparisonSummary {
  readonly jobId: string;
  readonly projector: string;
  readonly outputTopic: string;
  /** null: the inputs were read from offset 0. */
  readonly from: string | null;
  /** When the job pinned the input and live ranges (their ends are "caught up"). */
  readonly pinnedAt: string;
  readonly inputs: readonly { readonly topic: string; readonly ranges: readonly ReadRange[] }[];
  readonly inputsRead: number;
  /** Input records that could not be decoded or used; the live projector logs or dead-letters them. */
  readonly inputsUnused: number;
  readonly inputsRejected: number;
  readonly rebuiltRecords: number;
  readonly liveRecords: number;
  /** null without --swap. */
  readonly swap: (SwapPlan & { readonly appended: number }) | null;
  /** Every key; live and rebuilt values (decoded, OCPI object parsed) for those not identical. */
  readonly outcomes: readonly (OutputOutcome & { readonly live?: unknown; readonly rebuilt?: unknown })[];
}

export function rebuildReport(input: {
  readonly header: Omit<RebuildReport, keyof ComparisonSummary | 'outcomes' | 'liveRecords' | 'rebuiltRecords'>;
  readonly outcomes: readonly OutputOutcome[];
  readonly live: ReadonlyMap<string, ComparableOutput>;
  readonly rebuilt: ReadonlyMap<string, ComparableOutput>;
}): RebuildReport {
  return {
    ...input.header,
    rebuiltRecords: input.rebuilt.size,
    liveRecords: input.live.size,
    ...summarizeOutcomes(input.outcomes),
    outcomes: input.outcomes.map((outcome) =>
      outcome.verdict === 'identical'
        ? outcome
        : { ...outcome, live: input.live.get(outcome.key)?.value, rebuilt: input.rebuilt.get(outcome.key)?.value },
    ),
  };
}

/**
 * What stdout shows: the count per verdict, then one table per verdict other than identical listing its
 * keys (with the differing paths), at most `listed` each; the report file has them all.
 */
export function formatRebuildTables(report: RebuildReport, listed = 20): string {
  const summaryRows = outputVerdicts.map((verdict) => [
    verdict,
    String(report.counts[verdict]),
    verdict === 'differs'
      ? Object.entries(report.differingPaths)
          .map(([path, count]) => `${path} (${count})`)
          .join(', ')
      : '',
  ]);
  const sections = [formatColumns([report.outputTopic, 'keys', 'differing paths'], summaryRows)];
  for (const verdict of outputVerdicts.filter((candidate) => candidate !== 'identical')) {
    const outcomes = report.outcomes.filter((outcome) => outcome.verdict === verdict);
    if (outcomes.length === 0) continue;
    const rows = outcomes.slice(0, listed).map((outcome) => [outcome.key, outcome.differingPaths.join(', ')]);
    const more = outcomes.length > listed ? `... and ${outcomes.length - listed} more in the report\n` : '';
    sections.push(`\n${verdict} (${outcomes.length})\n${formatColumns(['key', verdict === 'differs' ? 'differing paths' : ''], rows)}${more}`);
  }
  if (report.swap !== null) {
    const kept = report.swap.kept.map((entry) => [entry.key, entry.reason]);
    sections.push(`\nswap: appended ${report.swap.appended} of ${report.swap.append.length} records to ${report.outputTopic}\n`);
    if (kept.length > 0) sections.push(formatColumns(['not swapped', 'why'], kept));
  }
  return sections.join('');
}
