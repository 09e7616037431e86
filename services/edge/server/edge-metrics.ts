import { Counter, Gauge, type Registry } from 'prom-client';

export interface EdgeMetrics {
  readonly appendFailures: Counter;
  readonly droppedRecords: Counter;
}

export function registerEdgeMetrics(registry: Registry, connectedChargers: () => number): EdgeMetrics {
  new Gauge({
    name: 'switchyard_edge_connected_chargers',
    help: 'Chargers holding a WebSocket on this edge instance',
    registers: [registry],
    collect() {
      this.set(connectedChargers());
    },
  });
  return {
    appendFailures: new Counter({
      name: 'switchyard_edge_log_append_failures_total',
      help: 'Appends of edge records (frames, events) the bus refused',
      registers: [registry],
    }),
    droppedRecords: new Counter({
      name: 'switchyard_edge_log_dropped_records_total',
      help: 'Edge records given up after append failures (never acknowledged transaction messages)',
      registers: [registry],
    }),
  };
}
