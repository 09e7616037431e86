/**
 * Spaces sends evenly at `perSecond` across every caller (all chargers share one budget); no limit when
 * perSecond is undefined. Pure: the caller sleeps until the returned time.
 */
export class RateSchedule {
  private nextSlotMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly perSecond: number | undefined) {}

  /** When the next send may go, given the time now; reserves that slot. */
  reserve(nowMs: number): number {
    if (this.perSecond === undefined) return nowMs;
    const slot = Math.max(nowMs, this.nextSlotMs);
    this.nextSlotMs = slot + 1000 / this.perSecond;
    return slot;
  }
}
