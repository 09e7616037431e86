import { topics } from '../../core/bus/topic-catalogue.ts';
import type { DurableLogWriter, LogEntry } from './durable-log-writer.ts';
import type { ConnectionEvent, OcppFrameRecord } from './edge-records.ts';

/** Encodes what the edge writes, in the bus's wire format (built from the Serde in main.ts). */
export interface EdgeRecordEncoder {
  frame(record: OcppFrameRecord): Promise<Uint8Array>;
  connectionEvent(event: ConnectionEvent): Promise<Uint8Array>;
}

/** A record for another topic (domain events, command outcomes), already encoded by its producer. */
export interface EncodedRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EdgeLog {
  /**
   * Batched: never blocks the caller; failures are reported through the writer's failure hook.
   * Records derived from the frame (domain events) travel with it.
   */
  recordFrame(record: OcppFrameRecord, derived?: readonly EncodedRecord[]): void;
  recordConnectionEvent(event: ConnectionEvent): void;
  /** Batched, like frames: records that acknowledge nothing to a charger (e.g. command outcomes). */
  recordEncoded(records: readonly EncodedRecord[], at: number): void;
  /**
   * Durability before acknowledgement: resolves once the frame and its derived records are on the bus,
   * rejects if they could not be appended (the caller then must not acknowledge the message).
   */
  recordDurably(frame: OcppFrameRecord, derived: readonly EncodedRecord[]): Promise<void>;
  /**
   * Durability for records derived after their frame was appended (the gateway learns a remote primary's
   * answer after it started the frame's append): dropped, not retried, if the append fails.
   */
  recordDerivedDurably(records: readonly EncodedRecord[], at: number): Promise<void>;
}

/**
 * Keeps the edge's records in the order they happened: encoding is asynchronous (the Serde may consult a
 * schema registry), so every record goes through one chain before it reaches the writer.
 */
export function createEdgeLog(deps: {
  writer: DurableLogWriter;
  encoder: EdgeRecordEncoder;
  onEncodeFailure: (error: unknown) => void;
}): EdgeLog {
  const { writer, encoder } = deps;
  let chain: Promise<unknown> = Promise.resolve();

  const frameEntry = async (record: OcppFrameRecord): Promise<LogEntry> => ({
    request: { topic: topics.ocppFrames, key: record.chargerId, value: await encoder.frame(record), timestamp: record.at },
    keepOnFailure: true,
  });

  const inOrder = <T>(step: () => Promise<T>): Promise<T> => {
    const next = chain.then(step);
    chain = next.catch(() => undefined);
    return next;
  };

  const encodedEntries = (records: readonly EncodedRecord[], at: number, keepOnFailure: boolean): LogEntry[] =>
    records.map((record) => ({ request: { ...record, timestamp: at }, keepOnFailure }));
  const derivedEntries = (frame: OcppFrameRecord, derived: readonly EncodedRecord[]): LogEntry[] => encodedEntries(derived, frame.at, false);

  const appendNowInOrder = async (entries: () => Promise<LogEntry[]>): Promise<void> => {
    // Hand the append to the writer inside the chain (keeping order) but wait for it outside,
    // so batched records behind this one are not held up by its round trip.
    const appended = await inOrder(async () => ({ done: writer.appendNow(await entries()) }));
    await appended.done;
  };

  const enqueueInOrder = (entries: () => Promise<LogEntry[]>): void => {
    inOrder(async () => writer.enqueue(await entries())).catch(deps.onEncodeFailure);
  };

  return {
    recordFrame: (record, derived = []) =>
      enqueueInOrder(async () => [await frameEntry(record), ...derivedEntries(record, derived)]),
    recordConnectionEvent: (event) =>
      enqueueInOrder(async () => [
        {
          request: {
            topic: topics.ocppEvents,
            key: event.chargerId,
            value: await encoder.connectionEvent(event),
            timestamp: event.at,
          },
          keepOnFailure: true,
        },
      ]),
    recordEncoded: (records, at) => enqueueInOrder(async () => encodedEntries(records, at, true)),
    async recordDurably(frame, derived) {
      await appendNowInOrder(async () => [await frameEntry(frame), ...derivedEntries(frame, derived)]);
    },
    recordDerivedDurably: (records, at) => appendNowInOrder(async () => encodedEntries(records, at, false)),
  };
}
