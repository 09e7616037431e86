import { join } from 'node:path';
import type { AppendedBatch } from '../appended-batch.ts';
import type { AppendSink } from '../append-sink.ts';
import type { BusLogger } from '../bus-logger.ts';
import type { LogStore } from '../log-store.ts';
import { AppendJournal } from './append-journal.ts';
import { Checkpointer, type CheckpointPolicy } from './checkpointer.ts';
import { encodeJournalEntry } from './journal-entry.ts';
import { holdUncheckpointed } from './recover-journal.ts';

export interface JournalOptions {
  /** Size of a journal segment file (an entry larger than that gets a segment of its own size). */
  readonly segmentBytes: number;
  readonly checkpoints: CheckpointPolicy;
  readonly logger?: BusLogger;
}

/**
 * `sync` durability: a group commit is acknowledged once its journal entry is on disk; the memtable
 * serves it to readers until a background checkpoint has put it in lmdb.
 */
export class JournaledAppendSink implements AppendSink {
  private constructor(
    private readonly store: LogStore,
    private readonly journal: AppendJournal,
    private readonly checkpointer: Checkpointer,
    private nextSequence: number,
  ) {}

  /** Opens the journal in `<log directory>/journal` and holds what lmdb lacks of it again. */
  static open(store: LogStore, path: string, options: JournalOptions): JournaledAppendSink {
    const { journal, entries } = AppendJournal.open(join(path, 'journal'), options.segmentBytes);
    const nextSequence = holdUncheckpointed(store, entries);
    const checkpointer = new Checkpointer(store, journal, options.checkpoints, options.logger);
    return new JournaledAppendSink(store, journal, checkpointer, nextSequence);
  }

  async persist(batches: readonly AppendedBatch[]): Promise<void> {
    await this.checkpointer.roomForAppend();
    const sequence = this.nextSequence;
    // A failed write rejects (the appender fails the group commit, retriably) before anything is held.
    await this.journal.write(sequence, encodeJournalEntry({ sequence, batches }));
    this.nextSequence += 1;
    this.store.holdJournaled({ sequence, batches });
    this.checkpointer.appended();
  }

  async checkpoint(): Promise<void> {
    await this.checkpointer.checkpointNow();
  }

  async close(): Promise<void> {
    await this.checkpointer.close();
    await this.journal.close();
  }
}
