import type { EventBus } from '../../services/core/bus/event-bus.ts';
import { drain, encodedFrames, meterValuesFrames, type BenchSerde } from './bus-workload.ts';
import { elapsedMsSince, percentile, perSecond } from './stats.ts';

export interface BusScale {
  readonly batchedEvents: number;
  readonly batchSize: number;
  readonly sequentialEvents: number;
  readonly concurrentEvents: number;
  readonly concurrency: number;
}

export type BusRow = [adapter: string, mode: string, events: number, eventsPerSecond: number, p50Ms: number | string, p99Ms: number | string];

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Appends, one call per batch. Encoding is inside the timing because producers pay it too; building the
 * synthetic events is not (see meterValuesFrames).
 */
async function appendBatched(bus: EventBus, bench: BenchSerde, topic: string, scale: BusScale): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  let busyMs = 0;
  for (let from = 0; from < scale.batchedEvents; from += scale.batchSize) {
    const events = meterValuesFrames(from, Math.min(scale.batchSize, scale.batchedEvents - from));
    const start = process.hrtime.bigint();
    const batch = await encodedFrames(bench.serde, topic, events);
    const sent = process.hrtime.bigint();
    await bus.append(batch);
    latencies.push(elapsedMsSince(sent));
    busyMs += elapsedMsSince(start);
  }
  return { rate: perSecond(scale.batchedEvents, busyMs), latencies };
}

/** One event per call, each awaited before the next: the latency one charger's transaction message sees. */
async function appendSequential(bus: EventBus, bench: BenchSerde, topic: string, count: number): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  let busyMs = 0;
  for (const event of meterValuesFrames(0, count)) {
    const start = process.hrtime.bigint();
    const request = await encodedFrames(bench.serde, topic, [event]);
    const sent = process.hrtime.bigint();
    await bus.append(request);
    latencies.push(elapsedMsSince(sent));
    busyMs += elapsedMsSince(start);
  }
  return { rate: perSecond(count, busyMs), latencies };
}

/** Many chargers at once, each waiting for its own durable ack: what the edge does under load. */
async function appendConcurrent(bus: EventBus, bench: BenchSerde, topic: string, scale: BusScale): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  const events = meterValuesFrames(0, scale.concurrentEvents);
  // Settle the heap the prebuilt events grew (run.ts passes --expose-gc), so the timing pays no GC for them.
  globalThis.gc?.();
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    for (let event = events[next]; event !== undefined; event = events[next]) {
      next += 1;
      const request = await encodedFrames(bench.serde, topic, [event]);
      const sent = process.hrtime.bigint();
      await bus.append(request);
      latencies.push(elapsedMsSince(sent));
    }
  };
  await Promise.all(Array.from({ length: scale.concurrency }, worker));
  return { rate: perSecond(scale.concurrentEvents, elapsedMsSince(start)), latencies };
}

function progress(adapter: string, step: string): void {
  process.stderr.write(`[event-bus] ${adapter}: ${step}\n`);
}

export async function measureBus(adapter: string, bus: EventBus, bench: BenchSerde, topicFor: (mode: string) => Promise<string>, scale: BusScale): Promise<BusRow[]> {
  const rows: BusRow[] = [];
  progress(adapter, 'append batched');
  const batchedTopic = await topicFor('batched');
  const batched = await appendBatched(bus, bench, batchedTopic, scale);
  rows.push([adapter, `append, batches of ${scale.batchSize}`, scale.batchedEvents, batched.rate, round(percentile(batched.latencies, 0.5)), round(percentile(batched.latencies, 0.99))]);

  progress(adapter, 'append sequential');
  const sequential = await appendSequential(bus, bench, await topicFor('sequential'), scale.sequentialEvents);
  rows.push([adapter, 'append one at a time, durable ack', scale.sequentialEvents, sequential.rate, round(percentile(sequential.latencies, 0.5)), round(percentile(sequential.latencies, 0.99))]);

  progress(adapter, 'append concurrent');
  const concurrent = await appendConcurrent(bus, bench, await topicFor('concurrent'), scale);
  rows.push([adapter, `append one per call, ${scale.concurrency} in flight`, scale.concurrentEvents, concurrent.rate, round(percentile(concurrent.latencies, 0.5)), round(percentile(concurrent.latencies, 0.99))]);

  progress(adapter, 'consume');
  const consumeMs = await drain(bus, batchedTopic, `bench-consume-${adapter}`, scale.batchedEvents, bench.serde);
  rows.push([adapter, 'consume + Avro decode (one group)', scale.batchedEvents, perSecond(scale.batchedEvents, consumeMs), '-', '-']);
  return rows;
}
