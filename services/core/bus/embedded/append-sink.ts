import { writeAppendedBatch, type AppendedBatch } from './appended-batch.ts';
import type { LogStore } from './log-store.ts';

/** Where a group commit's batches go before its appends are acknowledged. */
export interface AppendSink {
  /** Makes the batches as durable as the log promises and readable; rejects when it could not. */
  persist(batches: readonly AppendedBatch[]): Promise<void>;
  /** Resolves once lmdb itself holds everything persisted so far (the log cleaner works on lmdb's records). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/** `noSync` durability: each group commit is one lmdb transaction, no journal. */
export class LmdbAppendSink implements AppendSink {
  constructor(private readonly store: LogStore) {}

  async persist(batches: readonly AppendedBatch[]): Promise<void> {
    await this.store.write((writer) => {
      for (const batch of batches) writeAppendedBatch(writer, batch);
    });
  }

  async checkpoint(): Promise<void> {}

  async close(): Promise<void> {}
}
