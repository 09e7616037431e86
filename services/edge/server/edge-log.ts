import { topics } from '../../core/bus/topic-catalogue.ts';
import type { DurableLogWriter, LogEntry } from './durable-log-writer.ts';
import type { ConnectionEvent, OcppFrameRecord } from './edge-records.ts';

/** Encodes what the edge writes, in the bus's wire format (built from the Serde in main.ts). */
export interface EdgeRecordEncoder {
  /** The bytes at once when the encoding needs no wait (the usual case once running), else their promise. */
  frame(record: OcppFrameRecord): Uint8Array | Promise<Uint8Array>;
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

/** One record on its way to the writer, in the order it was recorded. */
interface Slot {
  state: 'encoding' | 'ready' | 'failed';
  entries: readonly LogEntry[];
  failure: unknown;
  readonly hand: (entries: readonly LogEntry[]) => void;
  readonly fail: (error: unknown) => void;
}

/**
 * Keeps the edge's records in the order they happened: encoding is asynchronous (the Serde may consult a
 * schema registry), so records wait in one queue, in the order they were recorded, until everything
 * before them has reached the writer. A record costs its encoding's promise and no more; records already
 * encoded, with nothing waiting before them, reach the writer at once.
 */
export function createEdgeLog(deps: {
  writer: DurableLogWriter;
  encoder: EdgeRecordEncoder;
  onEncodeFailure: (error: unknown) => void;
}): EdgeLog {
  const { writer, encoder } = deps;
  const waiting: Slot[] = [];

  const handOver = (): void => {
    for (let slot = waiting[0]; slot !== undefined && slot.state !== 'encoding'; slot = waiting[0]) {
      waiting.shift();
      if (slot.state === 'ready') slot.hand(slot.entries);
      else slot.fail(slot.failure);
    }
  };

  const whenReady = (entries: readonly LogEntry[], hand: Slot['hand'], fail: Slot['fail']): void => {
    if (waiting.length === 0) hand(entries);
    else waiting.push({ state: 'ready', entries, failure: undefined, hand, fail });
  };

  const whenEncoded = (
    encode: () => Uint8Array | Promise<Uint8Array>,
    entriesOf: (value: Uint8Array) => readonly LogEntry[],
    hand: Slot['hand'],
    fail: Slot['fail'],
  ): void => {
    let encoding: Uint8Array | Promise<Uint8Array>;
    try {
      encoding = encode();
    } catch (error) {
      encoding = Promise.reject(error);
    }
    if (encoding instanceof Uint8Array) {
      let entries: readonly LogEntry[];
      try {
        entries = entriesOf(encoding);
      } catch (error) {
        fail(error);
        return;
      }
      whenReady(entries, hand, fail);
      return;
    }
    const slot: Slot = { state: 'encoding', entries: [], failure: undefined, hand, fail };
    waiting.push(slot);
    const failed = (error: unknown): void => {
      slot.failure = error;
      slot.state = 'failed';
    };
    encoding.then(
      (value) => {
        // A slot left encoding would hold back every record after it: whatever happens, it settles.
        try {
          slot.entries = entriesOf(value);
          slot.state = 'ready';
        } catch (error) {
          failed(error);
        }
        handOver();
      },
      (error: unknown) => {
        failed(error);
        handOver();
      },
    );
  };

  const encodedEntries = (records: readonly EncodedRecord[], at: number, keepOnFailure: boolean): LogEntry[] =>
    records.map((record) => ({ request: { ...record, timestamp: at }, keepOnFailure }));

  /** The frame first, then the records derived from it (dropped, not retried, if the append fails). */
  const frameEntries =
    (frame: OcppFrameRecord, derived: readonly EncodedRecord[]) =>
    (value: Uint8Array): LogEntry[] => [
      { request: { topic: topics.ocppFrames, key: frame.chargerId, value, timestamp: frame.at }, keepOnFailure: true },
      ...encodedEntries(derived, frame.at, false),
    ];

  const enqueue = (entries: readonly LogEntry[]): void => writer.enqueue(entries);

  /** Resolves once the writer made the entries durable; batched records behind them are not held up meanwhile. */
  const durably = (inOrder: (hand: Slot['hand'], fail: Slot['fail']) => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      inOrder((entries) => writer.appendNow(entries).then(resolve, reject), reject);
    });

  return {
    recordFrame: (record, derived = []) => whenEncoded(() => encoder.frame(record), frameEntries(record, derived), enqueue, deps.onEncodeFailure),
    recordConnectionEvent: (event) =>
      whenEncoded(
        () => encoder.connectionEvent(event),
        (value) => [{ request: { topic: topics.ocppEvents, key: event.chargerId, value, timestamp: event.at }, keepOnFailure: true }],
        enqueue,
        deps.onEncodeFailure,
      ),
    recordEncoded: (records, at) => whenReady(encodedEntries(records, at, true), enqueue, deps.onEncodeFailure),
    recordDurably: (frame, derived) => durably((hand, fail) => whenEncoded(() => encoder.frame(frame), frameEntries(frame, derived), hand, fail)),
    recordDerivedDurably: (records, at) => durably((hand, fail) => whenReady(encodedEntries(records, at, false), hand, fail)),
  };
}
