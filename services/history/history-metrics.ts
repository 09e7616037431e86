import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { EventBus } from '../core/bus/event-bus.ts';
import type { ArchiveBatch } from './archive-store.ts';
import type { BatcherEvents } from './archive-batcher.ts';

export interface ArchivedGroup {
  readonly group: string;
  readonly topic: string;
}

export interface HistoryMetrics {
  batcherEvents(topic: string, onWriteFailed: (error: unknown, failuresInARow: number) => void): BatcherEvents;
}

/** Rows inserted per table, batch write latency, write failures, and the consumer lag of each archived topic. */
export function registerHistoryMetrics(registry: Registry, bus: EventBus, groups: readonly ArchivedGroup[]): HistoryMetrics {
  const rowsInserted = new Counter({
    name: 'switchyard_history_rows_inserted_total',
    help: 'Rows inserted into ClickHouse by the history service',
    labelNames: ['table'],
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'switchyard_history_batch_write_seconds',
    help: 'Time to write one batch (rows and checkpoint) into ClickHouse',
    labelNames: ['topic'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const writeFailures = new Counter({
    name: 'switchyard_history_batch_write_failures_total',
    help: 'Batch writes into ClickHouse that failed and will be retried',
    labelNames: ['topic'],
    registers: [registry],
  });
  new Gauge({
    name: 'switchyard_history_consumer_lag',
    help: 'Records on the topic the history consumer group has not committed yet',
    labelNames: ['topic'],
    registers: [registry],
    async collect() {
      for (const { group, topic } of groups) {
        try {
          const partitions = await bus.lag(group, topic);
          this.set({ topic }, partitions.reduce((sum, partition) => sum + partition.lag, 0));
        } catch {
          // An unreachable bus leaves the last value; its own metrics and readiness report the outage.
        }
      }
    },
  });
  return {
    batcherEvents: (topic, onWriteFailed) => ({
      written(batch: ArchiveBatch, durationMs: number) {
        for (const [table, rows] of batch.rows) rowsInserted.inc({ table }, rows.rowCount);
        for (const { plan, count } of batch.bodies) rowsInserted.inc({ table: plan.table }, count);
        batchSeconds.observe({ topic }, durationMs / 1000);
      },
      writeFailed(error: unknown, failuresInARow: number) {
        writeFailures.inc({ topic });
        onWriteFailed(error, failuresInARow);
      },
    }),
  };
}
