import { afterEach, describe, expect, it } from 'vitest';
import { readTopic } from '../../../test/edge/support/edge-harness.ts';
import { openTestBus, type FaultyBus } from '../../../test/edge/support/test-bus.ts';
import { createDurableLogWriter, type LogEntry } from './durable-log-writer.ts';

const topic = 'switchyard.ocpp.frames';
const entry = (text: string, keepOnFailure = true): LogEntry => ({
  request: { topic, key: 'CP-1', value: Buffer.from(text) },
  keepOnFailure,
});

describe('the durable log writer', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
  });

  const open = async (): Promise<FaultyBus> => {
    const opened = await openTestBus();
    cleanup = opened.cleanup;
    return opened.bus;
  };

  const texts = async (bus: FaultyBus): Promise<string[]> =>
    (await readTopic(bus, topic)).map((record) => Buffer.from(record.value ?? []).toString());

  it('appends batched entries and a durable one in the order they were handed over', async () => {
    const bus = await open();
    const writer = createDurableLogWriter({ bus, batchDelayMs: 1_000, maxBatchSize: 100, maxQueued: 1_000, onAppendFailure: () => undefined });
    writer.enqueue([entry('a'), entry('b')]);
    await writer.appendNow([entry('c')]);
    // The durable append carried the queue ahead of it: all three are on the log already.
    expect(await texts(bus)).toEqual(['a', 'b', 'c']);
    writer.enqueue([entry('d')]);
    await writer.close();
    expect(await texts(bus)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects a durable append the bus refuses, keeps raw frames for later and drops the rest', async () => {
    const bus = await open();
    const failures: number[] = [];
    const writer = createDurableLogWriter({ bus, batchDelayMs: 5, maxBatchSize: 100, maxQueued: 1_000, onAppendFailure: (_error, dropped) => failures.push(dropped) });
    bus.failAppends = () => true;
    await expect(writer.appendNow([entry('frame'), entry('event', false)])).rejects.toMatchObject({ code: 'edge.log-append-failed', retriable: true });
    expect(failures).toEqual([1]);
    bus.failAppends = null;
    await writer.appendNow([entry('retry-frame'), entry('retry-event', false)]);
    expect(await texts(bus)).toEqual(['frame', 'retry-frame', 'retry-event']);
    await writer.close();
  });
});
