import type { Clock } from '../core/clock.ts';

/** Saves a job's checkpoint every `records` records or `intervalMs`, whichever comes first. */
export class CheckpointCadence {
  private sinceSave = 0;
  private lastSaveMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly every: { readonly records: number; readonly intervalMs: number },
  ) {
    this.lastSaveMs = clock.now();
  }

  /** Counts one record; true when a save is due now. */
  tick(): boolean {
    this.sinceSave += 1;
    const now = this.clock.now();
    if (this.sinceSave < this.every.records && now - this.lastSaveMs < this.every.intervalMs) return false;
    this.sinceSave = 0;
    this.lastSaveMs = now;
    return true;
  }
}

export const defaultCheckpointCadence = { records: 500, intervalMs: 1_000 } as const;
