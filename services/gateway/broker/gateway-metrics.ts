import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface GatewayMetrics {
  /** Observer answers unlike the primary's, per action and observer: the migration check. */
  readonly answerDifferences: Counter<'action' | 'upstream'>;
  readonly upstreamLatency: Histogram<'upstream' | 'role'>;
  readonly upstreamFailures: Counter<'upstream' | 'reason'>;
  readonly decisions: Counter<'decision'>;
  readonly observerLag: Gauge<'upstream'>;
  readonly callsHeldForPrimary: Gauge;
}

export function registerGatewayMetrics(registry: Registry): GatewayMetrics {
  return {
    answerDifferences: new Counter({
      name: 'switchyard_gateway_answer_differences_total',
      help: 'Observer answers that differ from the primary answer to the same charger CALL',
      labelNames: ['action', 'upstream'],
      registers: [registry],
    }),
    upstreamLatency: new Histogram({
      name: 'switchyard_gateway_upstream_call_seconds',
      help: 'Round trip of a charger CALL to an upstream CSMS',
      labelNames: ['upstream', 'role'],
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    upstreamFailures: new Counter({
      name: 'switchyard_gateway_upstream_failures_total',
      help: 'Charger CALLs an upstream did not answer (unreachable, timeout)',
      labelNames: ['upstream', 'reason'],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'switchyard_gateway_decisions_total',
      help: 'Gateway decisions recorded as GatewayDecision events',
      labelNames: ['decision'],
      registers: [registry],
    }),
    observerLag: new Gauge({
      name: 'switchyard_gateway_observer_lag_calls',
      help: 'Charger CALLs an observer still has to be caught up on (missed while its link was down or slow, replayed from the log once it is back), summed over its chargers; with the skip policy, back to 0 when it resumes',
      labelNames: ['upstream'],
      registers: [registry],
    }),
    callsHeldForPrimary: new Gauge({
      name: 'switchyard_gateway_calls_held_for_primary',
      help: 'Charger calls answered locally while their primary was unreachable and not forwarded to it yet, over every charger this instance knows of (its own and, followed, the other instances\' ones)',
      registers: [registry],
    }),
  };
}
