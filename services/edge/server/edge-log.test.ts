import { describe, expect, it } from 'vitest';
import type { DurableLogWriter, LogEntry } from './durable-log-writer.ts';
import { createEdgeLog, type EdgeRecordEncoder } from './edge-log.ts';
import type { ConnectionEvent, OcppFrameRecord } from './edge-records.ts';

const frame = (text: string): OcppFrameRecord => ({
  chargerId: 'CP-1',
  connectionId: 'c-1',
  direction: 'in',
  version: 'ocpp1.6',
  text,
  at: 1_000,
  messageType: 'call',
  messageId: text,
  action: 'Heartbeat',
  verdict: { status: 'valid', errorCode: null, errorDescription: null },
  quirksApplied: [],
  upstream: null,
  relayedAs: [],
});

/**
 * An encoder whose encodings finish when the test says so: the frame's text is its value. Frames whose
 * text starts with 'now:' are encoded at once, as a Serde does once it knows the topic's schema id.
 */
function controlledEncoder() {
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const encode = (text: string): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      pending.set(text, { resolve: () => resolve(Buffer.from(text)), reject });
    });
  const encoder: EdgeRecordEncoder = {
    frame: (record) => (record.text.startsWith('now:') ? Buffer.from(record.text) : encode(record.text)),
    connectionEvent: (event: ConnectionEvent) => encode(event.type),
  };
  const settle = (text: string): { resolve: () => void; reject: (error: Error) => void } => {
    const encoding = pending.get(text);
    if (encoding === undefined) throw new Error(`${text} is not being encoded`);
    return encoding;
  };
  return { encoder, finish: (text: string) => settle(text).resolve(), fail: (text: string) => settle(text).reject(new Error(`cannot encode ${text}`)) };
}

/** What reached the writer, as the values' texts, each hand-over in brackets when durable. */
function recordingWriter() {
  const handed: string[] = [];
  const durable: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const texts = (entries: readonly LogEntry[]): string => entries.map((entry) => Buffer.from(entry.request.value ?? []).toString()).join(',');
  const writer: DurableLogWriter = {
    enqueue: (entries) => {
      handed.push(texts(entries));
    },
    appendNow: (entries) => {
      handed.push(`[${texts(entries)}]`);
      return new Promise<void>((resolve, reject) => durable.push({ resolve, reject }));
    },
    close: () => Promise.resolve(),
  };
  return { writer, handed, durable };
}

const flushed = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the edge log', () => {
  it('given a later record encoded first, when both are encoded, then the writer gets them in the order they were recorded', async () => {
    const { encoder, finish } = controlledEncoder();
    const { writer, handed } = recordingWriter();
    const log = createEdgeLog({ writer, encoder, onEncodeFailure: () => undefined });
    log.recordFrame(frame('a'));
    log.recordFrame(frame('b'), [{ topic: 'switchyard.ocpp.events', key: 'CP-1', value: Buffer.from('b-event') }]);
    log.recordEncoded([{ topic: 'switchyard.ocpp.events', key: 'CP-1', value: Buffer.from('c') }], 1_000);
    finish('b');
    await flushed();
    expect(handed).toEqual([]);
    finish('a');
    await flushed();
    expect(handed).toEqual(['a', 'b,b-event', 'c']);
  });

  it('given a record that cannot be encoded, when it fails, then it is reported and the records behind it still go', async () => {
    const { encoder, finish, fail } = controlledEncoder();
    const { writer, handed } = recordingWriter();
    const failures: unknown[] = [];
    const log = createEdgeLog({ writer, encoder, onEncodeFailure: (error) => failures.push(error) });
    log.recordFrame(frame('a'));
    log.recordFrame(frame('b'));
    finish('b');
    fail('a');
    await flushed();
    expect(handed).toEqual(['b']);
    expect(failures).toEqual([new Error('cannot encode a')]);
  });

  it.each([
    { given: 'nothing waiting', recorded: ['now:a', 'now:b'], finished: [], handedBeforeFinish: ['now:a', 'now:b'], handed: ['now:a', 'now:b'] },
    { given: 'a frame still encoding', recorded: ['a', 'now:b'], finished: ['a'], handedBeforeFinish: [], handed: ['a', 'now:b'] },
    { given: 'frames encoded at once between slow ones', recorded: ['a', 'now:b', 'c', 'now:d'], finished: ['c', 'a'], handedBeforeFinish: [], handed: ['a', 'now:b', 'c', 'now:d'] },
  ])('given $given, when frames encoded at once are recorded, then the writer gets every frame in recording order', async ({ recorded, finished, handedBeforeFinish, handed: expected }) => {
    const { encoder, finish } = controlledEncoder();
    const { writer, handed } = recordingWriter();
    const log = createEdgeLog({ writer, encoder, onEncodeFailure: () => undefined });
    for (const text of recorded) log.recordFrame(frame(text));
    expect(handed).toEqual(handedBeforeFinish);
    for (const text of finished) finish(text);
    await flushed();
    expect(handed).toEqual(expected);
  });

  it('given a frame encoded at once, when it must be durable, then the caller learns when the writer made it durable', async () => {
    const { encoder } = controlledEncoder();
    const { writer, handed, durable } = recordingWriter();
    const log = createEdgeLog({ writer, encoder, onEncodeFailure: () => undefined });
    const frameDurable = log.recordDurably(frame('now:a'), [{ topic: 'switchyard.ocpp.events', key: 'CP-1', value: Buffer.from('a-event') }]);
    expect(handed).toEqual(['[now:a,a-event]']);
    durable[0]?.resolve();
    await expect(frameDurable).resolves.toBeUndefined();
  });

  it('given nothing waiting, when already encoded records are recorded, then they reach the writer at once', () => {
    const { encoder } = controlledEncoder();
    const { writer, handed } = recordingWriter();
    const log = createEdgeLog({ writer, encoder, onEncodeFailure: () => undefined });
    log.recordEncoded([{ topic: 'switchyard.ocpp.events', key: 'CP-1', value: Buffer.from('x') }], 1_000);
    expect(handed).toEqual(['x']);
  });

  it('given durable records, when the writer makes them durable or fails, then the caller learns it, in order with the batched ones', async () => {
    const { encoder, finish, fail } = controlledEncoder();
    const { writer, handed, durable } = recordingWriter();
    const log = createEdgeLog({ writer, encoder, onEncodeFailure: () => undefined });
    log.recordFrame(frame('a'));
    const frameDurable = log.recordDurably(frame('b'), [{ topic: 'switchyard.ocpp.events', key: 'CP-1', value: Buffer.from('b-event') }]);
    const eventsDurable = expect(log.recordDerivedDurably([{ topic: 'switchyard.ocpp.events', key: 'CP-1', value: Buffer.from('c') }], 1_000)).rejects.toThrow('bus down');
    const unencodable = expect(log.recordDurably(frame('d'), [])).rejects.toThrow('cannot encode d');
    finish('b');
    finish('a');
    fail('d');
    await flushed();
    expect(handed).toEqual(['a', '[b,b-event]', '[c]']);
    durable[0]?.resolve();
    durable[1]?.reject(new Error('bus down'));
    await expect(frameDurable).resolves.toBeUndefined();
    await eventsDurable;
    await unencodable;
  });
});
