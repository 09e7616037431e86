import { SwitchyardError } from '../../../errors.ts';
import { appendedBatch } from '../appended-batch.ts';
import type { LogStore } from '../log-store.ts';
import { decodeBatch } from '../record-codec.ts';
import type { JournalEntry } from './journal-entry.ts';

/**
 * Holds in the memtable the journal entries lmdb lacks (after a crash, or a power loss that took lmdb's
 * last unflushed checkpoints), in sequence order, and returns the sequence the next entry gets. Entries
 * lmdb already holds are stale copies in reused segments or not yet released ones: skipped.
 */
export function holdUncheckpointed(store: LogStore, entries: readonly JournalEntry[]): number {
  const checkpointed = store.journalSequence();
  const compacted = new Set(store.storedTopics().flatMap((spec) => (spec.cleanupPolicy === 'compact' ? [spec.name] : [])));
  let next = checkpointed + 1;
  for (const entry of entries) {
    if (entry.sequence < next) continue;
    if (entry.sequence > next) {
      throw new SwitchyardError(
        'bus.journal-gap',
        `the journal lacks entry ${next} (lmdb holds up to ${checkpointed}, the journal has ${entry.sequence}): appends may be lost`,
        { retriable: false },
      );
    }
    const batches = entry.batches.map(
      ({ topic, partition, baseOffset, bytes }) =>
        appendedBatch(topic, partition, compacted.has(topic), decodeBatch(baseOffset, bytes), store.maxTimestamp(topic, partition) ?? -Infinity).batch,
    );
    store.holdJournaled({ sequence: entry.sequence, batches });
    next += 1;
  }
  return next;
}
