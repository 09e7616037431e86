import type { EventBus } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { mirrorCompactedTopic } from '../../roaming/compacted-mirror.ts';
import { hashCredentialsToken } from './credentials-token.ts';
import type { Partner } from './partner.ts';
import type { PartnerDirectory } from './partner-directory.ts';
import { partnerFromPayload, partnerToPayload } from './partner-payload.ts';

export interface PartnerDirectoryDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly envelopeOf: EnvelopeBuilder;
  readonly instanceId: string;
  readonly onUndecodable: (key: string, error: unknown) => void;
}

/** Voided tokens stop authenticating: only pending and registered partners are found by token. */
const tokenIsLive = (partner: Partner): boolean => partner.status !== 'UNREGISTERED';

export async function openPartnerDirectory(deps: PartnerDirectoryDeps): Promise<PartnerDirectory> {
  const partners = new Map<string, Partner>();
  const byTokenHash = new Map<string, Partner>();
  const listeners = new Set<(partner: Partner) => void>();
  /**
   * Our own writes apply at once; reading them back must not briefly undo a later write (token B pending,
   * then token C registered), so until our latest write of a partner is read back, older records are skipped.
   */
  const unreadWrites = new Map<string, string>();

  const changed = (partner: Partner): void => {
    const before = partners.get(partner.id);
    if (before !== undefined && byTokenHash.get(before.incomingTokenHash)?.id === partner.id) byTokenHash.delete(before.incomingTokenHash);
    partners.set(partner.id, partner);
    if (tokenIsLive(partner)) byTokenHash.set(partner.incomingTokenHash, partner);
    for (const listener of listeners) listener(partner);
  };

  const mirror = await mirrorCompactedTopic({
    bus: deps.bus,
    serde: deps.serde,
    topic: topics.ocpiPartners,
    group: `switchyard.ocpi.partners.${deps.instanceId}`,
    apply: (_key, value) => {
      // Partners are never deleted (unregistered ones stay for audit), so there are no tombstones to apply.
      if (value === null) return;
      const awaited = unreadWrites.get(value.payload.id);
      if (awaited !== undefined) {
        if (awaited === value.envelope.event_id) unreadWrites.delete(value.payload.id);
        return;
      }
      changed(partnerFromPayload(value.payload));
    },
    onUndecodable: deps.onUndecodable,
  });

  return {
    ready: mirror.ready,
    byIncomingToken: (token) => byTokenHash.get(hashCredentialsToken(token)),
    byId: (id) => partners.get(id),
    byParty: (countryCode, partyId) =>
      [...partners.values()].find(
        (partner) => partner.status === 'REGISTERED' && partner.roles.some((role) => role.country_code === countryCode && role.party_id === partyId),
      ),
    list: () => [...partners.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
    async put(partner) {
      const envelope = deps.envelopeOf({ key: partner.id });
      const value = await deps.serde.encode(topics.ocpiPartners, { envelope, payload: partnerToPayload(partner) });
      unreadWrites.set(partner.id, envelope.event_id);
      try {
        await deps.bus.append([{ topic: topics.ocpiPartners, key: partner.id, value, timestamp: partner.updatedAt }]);
      } catch (error) {
        if (unreadWrites.get(partner.id) === envelope.event_id) unreadWrites.delete(partner.id);
        throw new SwitchyardError('ocpi.partner-write-failed', `could not store partner ${partner.id}`, { retriable: true, cause: error });
      }
      changed(partner);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => mirror.close(),
  };
}
