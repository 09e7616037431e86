import { collectDefaultMetrics, Registry } from 'prom-client';

export type { Registry } from 'prom-client';

/**
 * One registry per process, passed to every component, so tests can build isolated processes and
 * nothing registers into prom-client's global default registry.
 */
export function createMetricsRegistry(labels: { service: string; instance: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry });
  return registry;
}
