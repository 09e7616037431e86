import type { Registry } from 'prom-client';
import type { Partner } from '../partners/partner.ts';
import { followEvseStatuses, type LiveLocationFeed } from './follow-evse-statuses.ts';
import { startPartnerPush, type PartnerPushDeps, type RunningPartnerPush } from './partner-push.ts';
import { PushHealthBook, type PartnerPushHealth, type PushHealthSource } from './push-health.ts';
import { registerPushMetrics, type ChannelBacklog } from './push-metrics.ts';
import { pushModules, receiverEndpointOf, type EvseStatusUpdate } from './push-plan.ts';

export interface OcpiPushDeps extends Omit<PartnerPushDeps, 'health' | 'metrics' | 'liveLocation' | 'evseStatuses'> {
  readonly locations: LiveLocationFeed;
  readonly metricsRegistry: Registry;
}

export interface OcpiPush extends PushHealthSource {
  close(): Promise<void>;
}

interface Pushing {
  /** What the running push was started for; a partner change that alters it restarts the push. */
  readonly shape: string;
  readonly push: RunningPartnerPush;
}

/** Push only runs for registered partners, with what decides its groups: version and RECEIVER modules. */
function shapeOf(partner: Partner): string | null {
  if (partner.status !== 'REGISTERED') return null;
  return JSON.stringify([partner.version, pushModules.map((module) => receiverEndpointOf(partner, module) !== null)]);
}

/**
 * Follows the partner directory: a push per registered partner, started when it registers (from that
 * moment on) and stopped when it leaves; EVSE status changes fan out to every push from the moment it starts.
 * The directory and the live locations must be ready (read up to date) before this opens.
 */
export async function openOcpiPush(deps: OcpiPushDeps): Promise<OcpiPush> {
  const health = new PushHealthBook();
  const pushing = new Map<string, Pushing>();
  const pending = new Map<string, Promise<void>>();
  let closed = false;

  const backlogs = async (): Promise<ChannelBacklog[]> => {
    const all: ChannelBacklog[] = [];
    for (const [partnerId, { push }] of pushing) {
      for (const [channel, backlog] of await push.measureBacklogs()) all.push({ partnerId, channel, backlog });
    }
    return all;
  };
  const metrics = registerPushMetrics(deps.metricsRegistry, backlogs);
  const statusListeners = new Set<(update: EvseStatusUpdate) => void>();
  const stopFollowingStatuses = followEvseStatuses(deps.locations, (update) => {
    for (const listener of statusListeners) listener(update);
  });
  const evseStatuses = (listener: (update: EvseStatusUpdate) => void): (() => void) => {
    statusListeners.add(listener);
    return () => statusListeners.delete(listener);
  };
  const partnerDeps: PartnerPushDeps = { ...deps, health, metrics, liveLocation: (key) => deps.locations.read(key), evseStatuses };

  const reconcile = async (partner: Partner, live: boolean): Promise<void> => {
    const shape = closed ? null : shapeOf(partner);
    const before = pushing.get(partner.id);
    if (before?.shape === shape) return;
    if (before !== undefined) {
      pushing.delete(partner.id);
      await before.push.stop();
    }
    if (shape === null) return;
    // A partner seen registering now starts from its registration; one registered before this process
    // started (or whose endpoints changed) resumes where its groups committed.
    const start = { at: partner.updatedAt, overrideCommitted: live && before === undefined };
    pushing.set(partner.id, { shape, push: await startPartnerPush(partnerDeps, partner, start) });
    deps.logger.info({ partnerId: partner.id, from: new Date(start.at).toISOString() }, 'pushing to partner');
  };
  /** One partner's changes apply in order; different partners start and stop independently. */
  const follow = (partner: Partner, live: boolean): Promise<void> => {
    const next = (pending.get(partner.id) ?? Promise.resolve())
      .then(() => reconcile(partner, live))
      .catch((error: unknown) => deps.logger.error({ err: error, partnerId: partner.id }, 'push to partner could not start or stop'));
    pending.set(partner.id, next);
    return next;
  };

  await Promise.all(deps.partners.list().map((partner) => follow(partner, false)));
  const stopFollowingPartners = deps.partners.onChange((partner) => void follow(partner, true));

  return {
    healthOf(partnerId): PartnerPushHealth | null {
      const running = pushing.get(partnerId);
      return running === undefined ? null : health.healthOf(partnerId, running.push.backlogs());
    },
    async close() {
      closed = true;
      stopFollowingStatuses();
      stopFollowingPartners();
      await Promise.all([...pending.values()]);
      await Promise.all([...pushing.values()].map(({ push }) => push.stop()));
      pushing.clear();
    },
  };
}
