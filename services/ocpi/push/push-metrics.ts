import { Counter, Gauge, type Registry } from 'prom-client';
import type { PushChannel } from './push-health.ts';
import type { PushOutcome } from './push-outcome.ts';

export interface PushMetrics {
  answered(partnerId: string, channel: PushChannel, outcome: PushOutcome['kind'], at: number): void;
}

export interface ChannelBacklog {
  readonly partnerId: string;
  readonly channel: PushChannel;
  readonly backlog: number;
}

/** Push attempts by outcome, the time of the last accepted push, and the backlog per partner and channel. */
export function registerPushMetrics(registry: Registry, backlogs: () => Promise<readonly ChannelBacklog[]>): PushMetrics {
  const attempts = new Counter({
    name: 'switchyard_ocpi_push_attempts_total',
    help: 'OCPI pushes to partners by outcome: accepted, retry (transport error, 5xx, 3xxx), refused (dead-lettered)',
    labelNames: ['partner', 'channel', 'outcome'],
    registers: [registry],
  });
  const lastAccepted = new Gauge({
    name: 'switchyard_ocpi_push_last_accepted_seconds',
    help: 'When the partner last accepted a push on the channel (unix seconds)',
    labelNames: ['partner', 'channel'],
    registers: [registry],
  });
  new Gauge({
    name: 'switchyard_ocpi_push_backlog',
    help: 'Changes waiting for the partner to accept them (consumer lag, or pending EVSE statuses)',
    labelNames: ['partner', 'channel'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const { partnerId, channel, backlog } of await backlogs()) this.set({ partner: partnerId, channel }, backlog);
      } catch {
        // An unreachable bus leaves the gauge empty; the bus's own metrics and readiness report the outage.
      }
    },
  });
  return {
    answered(partnerId, channel, outcome, at) {
      attempts.inc({ partner: partnerId, channel, outcome });
      if (outcome === 'accepted') lastAccepted.set({ partner: partnerId, channel }, at / 1000);
    },
  };
}
