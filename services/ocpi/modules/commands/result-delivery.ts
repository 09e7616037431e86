import { setTimeout as sleep } from 'node:timers/promises';
import { decideAfterFailure } from '../../../core/bus/backoff.ts';
import type { RetryPolicy } from '../../../core/bus/event-bus.ts';
import type { PartnerClient, PartnerRequest } from '../../client/partner-client.ts';
import type { Partner } from '../../partners/partner.ts';

export interface ResultDeliveryDeps {
  readonly client: PartnerClient;
  /** The partner as it is now (its token may have rotated since the command came in). */
  readonly partnerOf: (partnerId: string) => Partner | undefined;
  /** Transport failures and 5xx / 3xxx answers are tried again, a few times. */
  readonly retry: RetryPolicy;
}

export type DeliveryOutcome = { readonly delivered: true; readonly httpStatus: number } | { readonly delivered: false; readonly reason: string };

/**
 * POSTs a CommandResult to the eMSP's response_url. OCPI does not require retries here; a few are made
 * because a lost result leaves the driver's app waiting until the command's timeout.
 */
export async function deliverCommandResult(
  deps: ResultDeliveryDeps,
  delivery: {
    readonly partnerId: string;
    readonly responseUrl: string;
    /** A CommandResult, or another module's asynchronous result (a chargingprofiles result). */
    readonly result: object;
    /** The OCPI module the result belongs to, for the traffic record; commands when absent. */
    readonly module?: string;
    readonly correlationId: string;
    readonly routing: PartnerRequest['routing'];
  },
): Promise<DeliveryOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const partner = deps.partnerOf(delivery.partnerId);
    if (partner?.status !== 'REGISTERED') return { delivered: false, reason: 'the partner is no longer registered' };
    try {
      const answer = await deps.client.send(partner, {
        method: 'POST',
        url: delivery.responseUrl,
        module: delivery.module ?? 'commands',
        body: delivery.result,
        correlationId: delivery.correlationId,
        ...(delivery.routing === undefined ? {} : { routing: delivery.routing }),
      });
      return answer.httpStatus < 300 ? { delivered: true, httpStatus: answer.httpStatus } : { delivered: false, reason: `the partner answered HTTP ${answer.httpStatus}` };
    } catch (error) {
      const decision = decideAfterFailure(deps.retry, error, attempt);
      if (decision.kind === 'dead-letter') return { delivered: false, reason: error instanceof Error ? error.message : String(error) };
      await sleep(decision.delayMs);
    }
  }
}
