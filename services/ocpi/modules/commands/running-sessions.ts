import type { EventBus } from '../../../core/bus/event-bus.ts';
import { topics } from '../../../core/bus/topic-catalogue.ts';
import type { PartyRef } from '../../../core/events/generated-types.ts';
import type { Serde } from '../../../core/serde/serde.ts';
import { mirrorCompactedTopic } from '../../../roaming/compacted-mirror.ts';
import { partyKeyOf } from '../paging/served-parties.ts';
import type { StoppableSession } from './command-plan.ts';

/** A running session and where it charges (the chargingprofiles module finds the OCPP EVSE through its Location). */
export interface RunningSession extends StoppableSession {
  readonly owner: PartyRef;
  readonly locationId: string;
  readonly evseUid: string;
}

export interface RunningSessions {
  readonly ready: Promise<void>;
  byId(sessionId: string): RunningSession | undefined;
  close(): Promise<void>;
}

/** Sessions that have ended cannot be stopped: only these statuses are kept. */
const stoppable = new Set(['ACTIVE', 'PENDING']);

/**
 * The sessions STOP_SESSION can reach: switchyard.sessions followed from the start, keeping only running
 * sessions on chargers Switchyard runs (charger and transaction id), so memory follows what is charging now.
 */
export async function openRunningSessions(deps: { bus: EventBus; serde: Serde; group: string; onUndecodable: (key: string, error: unknown) => void }): Promise<RunningSessions> {
  const byKey = new Map<string, { readonly id: string; readonly session: RunningSession }>();
  const keyById = new Map<string, string>();
  const remove = (key: string): void => {
    const before = byKey.get(key);
    if (before === undefined) return;
    byKey.delete(key);
    if (keyById.get(before.id) === key) keyById.delete(before.id);
  };
  const mirror = await mirrorCompactedTopic({
    ...deps,
    topic: topics.sessions,
    apply: (key, value) => {
      remove(key);
      if (value === null) return;
      const { id, status, charger_id: chargerId, transaction_id: transactionId, cdr_token: token, owner, location_id: locationId, evse_uid: evseUid } = value.payload;
      if (!stoppable.has(status) || chargerId === null || transactionId === null) return;
      byKey.set(key, { id, session: { chargerId, transactionId, tokenParty: partyKeyOf(token.country_code, token.party_id), owner, locationId, evseUid } });
      keyById.set(id, key);
    },
  });
  return {
    ready: mirror.ready,
    byId(sessionId) {
      const key = keyById.get(sessionId);
      return key === undefined ? undefined : byKey.get(key)?.session;
    },
    close: () => mirror.close(),
  };
}
