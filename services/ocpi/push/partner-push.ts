import type { Logger } from 'pino';
import type { BusRecord, EventBus, RetryPolicy, Subscription } from '../../core/bus/event-bus.ts';
import type { Clock } from '../../core/clock.ts';
import type { PartyRef } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import type { PartnerClient, PartnerResponse } from '../client/partner-client.ts';
import type { Partner } from '../partners/partner.ts';
import type { PartnerDirectory } from '../partners/partner-directory.ts';
import type { CdrDeliveryLog } from './cdr-delivery-log.ts';
import type { EvseStatusDeliveries } from './evse-status-deliveries.ts';
import { partnerDelivery } from './push-delivery.ts';
import type { PushChannel, PushHealthBook } from './push-health.ts';
import type { PushMetrics } from './push-metrics.ts';
import { planEvsePatch, pushModules, receiverEndpointOf, type EvseStatusUpdate, type PushModule } from './push-plan.ts';
import { recordPlanners, sourceTopics } from './record-plans.ts';
import { startStatusPatches, type StatusPatches } from './status-patches.ts';

export interface PartnerPushDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly client: PartnerClient;
  readonly partners: PartnerDirectory;
  /** The live Locations by record key, whose EVSE statuses go into location PUTs. */
  readonly liveLocation: (key: string) => OcpiLocation | undefined;
  /** Follows the EVSE status changes of chargers until the returned function is called. */
  readonly evseStatuses: (listener: (update: EvseStatusUpdate) => void) => () => void;
  /** Our CPO parties: only objects they own are pushed, with them as OCPI-from. */
  readonly ours: readonly PartyRef[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Retriable failures are retried with this backoff and never dead-lettered (maxAttempts is ignored). */
  readonly retry: RetryPolicy;
  readonly health: PushHealthBook;
  readonly metrics: PushMetrics;
  readonly cdrDeliveries: CdrDeliveryLog;
  /** The EVSE statuses each partner accepted, so a push that starts again sends what the partner missed. */
  readonly statusDeliveries: EvseStatusDeliveries;
  /** How often the consumer lag shown in the partner's push health is measured. */
  readonly backlogRefreshMs: number;
}

export interface RunningPartnerPush {
  /** Per channel: pending EVSE statuses now, consumer lag as last measured (null before the first measurement). */
  backlogs(): ReadonlyMap<PushChannel, number | null>;
  /** Measures the consumer lag now. */
  measureBacklogs(): Promise<ReadonlyMap<PushChannel, number>>;
  stop(): Promise<void>;
}

export function pushGroupOf(partnerId: string, module: PushModule): string {
  return `switchyard.ocpi.push.${partnerId}.${module}`;
}

/** Where a partner's groups start: the moment it registered, unless they have committed offsets to resume from. */
export interface PushStart {
  readonly at: number;
  /** True when the partner (re)registered just now: earlier offsets belong to a previous registration. */
  readonly overrideCommitted: boolean;
}

/**
 * Pushes to one registered partner: a consumer group per module on the source topic, committing a record
 * only once the partner accepted it (retriable failures retry forever with capped backoff, so a partner
 * that is down holds back only its own groups; refusals go to the dead-letter topic), and the EVSE
 * status PATCHes, coalesced per EVSE.
 */
export async function startPartnerPush(deps: PartnerPushDeps, partner: Partner, start: PushStart): Promise<RunningPartnerPush> {
  const partnerId = partner.id;
  const logger = deps.logger.child({ partnerId });
  const modules = pushModules.filter((module) => receiverEndpointOf(partner, module) !== null);
  const retry: RetryPolicy = { ...deps.retry, maxAttempts: Number.POSITIVE_INFINITY };
  const current = (): Partner | undefined => deps.partners.byId(partnerId);
  const deliver = partnerDelivery({ ...deps, partner: current, partnerId });
  const planners = recordPlanners(deps);

  const noteCdrLocation = async (record: BusRecord, response: PartnerResponse): Promise<void> => {
    const location = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'location')?.[1];
    if (location === undefined) {
      logger.warn({ cdr: record.key }, 'the partner accepted a CDR without a Location header');
      return;
    }
    deps.health.cdrAccepted(partnerId, location);
    // The partner has the CDR: failing here must not POST it again, so a lost note is logged, not retried.
    await deps.cdrDeliveries.accepted({ partnerId, cdrKey: record.key, location, at: deps.clock.now() }).catch((error: unknown) => {
      logger.error({ cdr: record.key, location, err: error }, 'the CDR location could not be recorded');
    });
  };

  // Statuses are followed before the groups start: a charger change while they start is not lost.
  const statuses: StatusPatches | null = modules.includes('locations')
    ? startStatusPatches({
        plan: (update) => {
          const target = current();
          return target === undefined ? null : planEvsePatch(deps.ours, update, target);
        },
        deliver,
        accepted: (update) => deps.statusDeliveries.accepted(partnerId, update),
        retry,
        logger,
      })
    : null;
  const stopFollowingStatuses = statuses === null ? () => undefined : deps.evseStatuses((update) => statuses.enqueue(update));
  // A fresh registration missed nothing; a push that ran before (another process, other endpoints) may have.
  if (statuses !== null && !start.overrideCommitted) for (const missed of deps.statusDeliveries.missedBy(partnerId)) statuses.enqueue(missed);

  const subscriptions: Subscription[] = [];
  const stopPushing = async (): Promise<void> => {
    stopFollowingStatuses();
    await Promise.all([...subscriptions.map((subscription) => subscription.stop()), statuses?.stop()]);
  };
  try {
    for (const module of modules) {
      const group = pushGroupOf(partnerId, module);
      await positionGroup(deps.bus, group, sourceTopics[module], start);
      subscriptions.push(
        await deps.bus.subscribe({
          group,
          topics: [sourceTopics[module]],
          from: 'earliest',
          retry,
          handler: async (record) => {
            const target = current();
            if (target === undefined) return;
            const plan = await planners[module](record, target);
            if (plan.kind === 'skip') return;
            const response = await deliver(module, plan.request);
            if (module === 'cdrs') await noteCdrLocation(record, response);
          },
        }),
      );
    }
  } catch (error) {
    await stopPushing();
    throw error;
  }

  const measureBacklogs = async (): Promise<Map<PushChannel, number>> => {
    const measured = new Map<PushChannel, number>();
    for (const module of modules) {
      const partitions = await deps.bus.lag(pushGroupOf(partnerId, module), sourceTopics[module]);
      measured.set(module, partitions.reduce((sum, partition) => sum + partition.lag, 0));
    }
    if (statuses !== null) measured.set('evse-statuses', statuses.pending);
    return measured;
  };
  let lastMeasured = new Map<PushChannel, number>();
  const refreshBacklogs = (): void => {
    measureBacklogs().then(
      (measured) => {
        lastMeasured = measured;
      },
      (error: unknown) => logger.debug({ err: error }, 'push backlog not measured'),
    );
  };
  refreshBacklogs();
  const refreshing = setInterval(refreshBacklogs, deps.backlogRefreshMs);
  refreshing.unref();

  return {
    backlogs() {
      const backlogs = new Map<PushChannel, number | null>(modules.map((module) => [module, lastMeasured.get(module) ?? null]));
      if (statuses !== null) backlogs.set('evse-statuses', statuses.pending);
      return backlogs;
    },
    measureBacklogs,
    async stop() {
      clearInterval(refreshing);
      await stopPushing();
    },
  };
}

async function positionGroup(bus: EventBus, group: string, topic: string, start: PushStart): Promise<void> {
  if (!start.overrideCommitted) {
    const partitions = await bus.lag(group, topic);
    if (partitions.some((partition) => partition.committed >= 0)) return;
  }
  await bus.seekGroup(group, topic, { kind: 'timestamp', timestamp: start.at });
}
