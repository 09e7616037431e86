import { createHash } from 'node:crypto';
import type { ReadRange, TimeWindow } from './replay-window.ts';
import type { CallOutcome } from './answer-comparison.ts';

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

export type ReplayCheckpoint = ExportCheckpoint | FeedCheckpoint;

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
