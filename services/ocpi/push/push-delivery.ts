import type { Clock } from '../../core/clock.ts';
import { describeError, isRetriable } from '../../core/errors.ts';
import type { PartnerClient, PartnerRequest, PartnerResponse } from '../client/partner-client.ts';
import type { Partner } from '../partners/partner.ts';
import type { PushChannel, PushHealthBook } from './push-health.ts';
import type { PushMetrics } from './push-metrics.ts';
import { pushFailure, pushOutcomeOf } from './push-outcome.ts';

export type Deliver = (channel: PushChannel, request: PartnerRequest) => Promise<PartnerResponse>;

/**
 * Sends one push to the partner as it is now (token and endpoints may have changed since it was planned),
 * notes the outcome in its health and metrics, and resolves only when the partner accepted: otherwise
 * it rejects with a retriable error (try again later) or a non-retriable one (refused).
 */
export function partnerDelivery(deps: {
  readonly client: PartnerClient;
  readonly clock: Clock;
  readonly health: PushHealthBook;
  readonly metrics: PushMetrics;
  readonly partner: () => Partner | undefined;
  readonly partnerId: string;
}): Deliver {
  const { partnerId } = deps;
  return async (channel, request) => {
    const target = deps.partner();
    if (target === undefined) throw pushFailure(partnerId, { kind: 'retry', reason: 'partner record missing' });
    let response: PartnerResponse;
    try {
      response = await deps.client.send(target, request);
    } catch (error) {
      // The client rejects transport failures, 5xx and 3xxx answers: the partner could not take it now.
      const retriable = isRetriable(error);
      deps.health.failed(partnerId, channel, { at: deps.clock.now(), reason: describeError(error), retriable });
      deps.metrics.answered(partnerId, channel, retriable ? 'retry' : 'refused', deps.clock.now());
      throw error;
    }
    const outcome = pushOutcomeOf(response);
    deps.metrics.answered(partnerId, channel, outcome.kind, deps.clock.now());
    if (outcome.kind === 'accepted') {
      deps.health.succeeded(partnerId, channel, deps.clock.now());
      return response;
    }
    deps.health.failed(partnerId, channel, { at: deps.clock.now(), reason: outcome.reason, retriable: outcome.kind === 'retry' });
    throw pushFailure(partnerId, outcome);
  };
}
