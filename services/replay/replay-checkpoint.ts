import { createHash } from 'node:crypto';
import type { ReadRange, TimeWindow } from './replay-window.ts';
import type { CallOutcome } from './answer-comparison.ts';
import type { SwapPlan } from './output-comparison.ts';

/** What every replay job pins at its start, so a resumed run reads exactly the same records. */
export interface JobScope {
  readonly jobId: string;
  readonly topic: string;
  readonly window: TimeWindow;
  readonly ranges: readonly ReadRange[];
}

export interface ExportCheckpoint extends JobScope {
  readonly kind: 'export';
  /** Next offset to export per partition (absent: the range start). */
  readonly positions: Readonly<Record<string, number>>;
  /** Bytes of the output file that belong to the exported records; a resumed run truncates to this. */
  readonly outputBytes: number;
  /** Records written so far (records in the ranges but outside the window are read, not written). */
  readonly exported: number;
  readonly done: boolean;
}

export interface FeedCheckpoint extends JobScope {
  readonly kind: 'feed';
  /** One per CALL answered (or given up on), in the order they completed. */
  readonly outcomes: readonly CallOutcome[];
  readonly done: boolean;
}

export interface RebuildCheckpoint {
  readonly kind: 'rebuild';
  readonly jobId: string;
  readonly projector: string;
  /** The live output topic the rebuild is compared with (and swapped into). */
  readonly topic: string;
  /** null: inputs from offset 0. */
  readonly fromMs: number | null;
  readonly pinnedAtMs: number;
  /** The input topics in reading order, each from --from (or offset 0) to its end when the job started. */
  readonly inputs: readonly { readonly topic: string; readonly ranges: readonly ReadRange[] }[];
  /** The live output topic, every partition from its first offset to its end when the job started. */
  readonly live: readonly ReadRange[];
  /**
   * Set once the rebuilt outputs are in their file. The projection state lives only in memory (as in the
   * live projectors: no snapshot format), so until then a rerun projects the pinned ranges again; after,
   * it only compares and swaps.
   */
  readonly rebuilt: { readonly inputsRead: number; readonly inputsUnused: number; readonly inputsRejected: number } | null;
  /**
   * Pinned when a swap starts, with how many of its records are appended: a rerun appends only the rest
   * and does not mistake the swap's own records for live changes.
   */
  readonly swap: (SwapPlan & { readonly appended: number }) | null;
}

export type ReplayCheckpoint = ExportCheckpoint | FeedCheckpoint | RebuildCheckpoint;

/** Same command, same job: rerunning an interrupted command resumes it. */
export function jobIdOf(kind: ReplayCheckpoint['kind'], args: Readonly<Record<string, string | number | undefined>>): string {
  const canonical = JSON.stringify(Object.entries(args).sort(([a], [b]) => a.localeCompare(b)));
  return `${kind}-${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

export function exportPosition(checkpoint: ExportCheckpoint, partition: number): number | undefined {
  const range = checkpoint.ranges.find((candidate) => candidate.partition === partition);
  if (range === undefined) return undefined;
  return checkpoint.positions[String(partition)] ?? range.start;
}

/** The ranges still to read, each starting where the checkpoint left off. */
export function remainingRanges(checkpoint: ExportCheckpoint): ReadRange[] {
  return checkpoint.ranges.flatMap((range) => {
    const start = exportPosition(checkpoint, range.partition) ?? range.start;
    return start < range.end ? [{ ...range, start }] : [];
  });
}

/** One more record read; `bytesWritten` is 0 when it was outside the window. */
export function advanceExport(checkpoint: ExportCheckpoint, partition: number, nextOffset: number, bytesWritten: number): ExportCheckpoint {
  return {
    ...checkpoint,
    positions: { ...checkpoint.positions, [String(partition)]: nextOffset },
    outputBytes: checkpoint.outputBytes + bytesWritten,
    exported: checkpoint.exported + (bytesWritten > 0 ? 1 : 0),
  };
}

export function recordsDone(checkpoint: ExportCheckpoint): number {
  return checkpoint.ranges.reduce((sum, range) => sum + ((exportPosition(checkpoint, range.partition) ?? range.start) - range.start), 0);
}

/** Keys of the calls a feed has already answered, so a resumed feed does not send them again. */
export function answeredCalls(checkpoint: FeedCheckpoint): Set<string> {
  return new Set(checkpoint.outcomes.map((outcome) => callKey(outcome.chargerId, outcome.sequence)));
}

export function callKey(chargerId: string, sequence: number): string {
  return `${chargerId}#${sequence}`;
}
