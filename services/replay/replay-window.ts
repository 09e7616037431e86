import { SwitchyardError } from '../core/errors.ts';

/** A half-open time window [fromMs, toMs) in epoch milliseconds. */
export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The offsets [start, end) of one partition that hold a window's records. */
export interface ReadRange {
  readonly partition: number;
  readonly start: number;
  readonly end: number;
}

/** `to` absent means "up to now", pinned when the job starts so a resumed job reads the same records. */
export function parseWindow(from: string, to: string | undefined, nowMs: number): TimeWindow {
  const fromMs = parseInstant('--from', from);
  const toMs = to === undefined ? nowMs : parseInstant('--to', to);
  if (toMs <= fromMs) {
    throw new SwitchyardError('replay.window', `--to (${new Date(toMs).toISOString()}) must be after --from (${from})`, {
      retriable: false,
    });
  }
  return { fromMs, toMs };
}

export function parseInstant(option: string, text: string): number {
  // Date.parse accepts loose forms like "1"; a replay window is given as an ISO 8601 instant.
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const parsed = iso.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new SwitchyardError('replay.window', `${option} ${JSON.stringify(text)} is not an ISO 8601 instant like 2026-05-01T00:00:00Z`, {
      retriable: false,
    });
  }
  return parsed;
}

export function isInWindow(timestamp: number, window: TimeWindow): boolean {
  return timestamp >= window.fromMs && timestamp < window.toMs;
}

/**
 * The ranges to read from the first offset at or after the window start to the first offset at or after
 * its end, per partition; partitions with nothing in between are left out.
 */
export function rangesBetween(
  starts: readonly { readonly partition: number; readonly offset: number }[],
  ends: readonly { readonly partition: number; readonly offset: number }[],
): ReadRange[] {
  const endOf = new Map(ends.map(({ partition, offset }) => [partition, offset]));
  return starts.flatMap(({ partition, offset }) => {
    const end = endOf.get(partition);
    return end !== undefined && end > offset ? [{ partition, start: offset, end }] : [];
  });
}

export function recordCount(ranges: readonly ReadRange[]): number {
  return ranges.reduce((sum, range) => sum + (range.end - range.start), 0);
}
