import type { EventBus } from '../../../core/bus/event-bus.ts';
import type { Serde } from '../../../core/serde/serde.ts';
import { mirrorCompactedTopic } from '../../../roaming/compacted-mirror.ts';
import type { Dated } from './dated.ts';
import { BucketedIndex } from './bucketed-index.ts';
import { partyKeyOf, type PartyKey } from './served-parties.ts';

/**
 * A Session or CDR as its sender module keeps it: the few fields paging and visibility need, and the OCPI
 * object as the JSON text it travels as (100k CDRs cost their JSON and little more).
 */
export interface TokenPartyEntry extends Dated {
  /** The CPO party that owns the object. */
  readonly owner: PartyKey;
  /** The eMSP party of its cdr_token: the only partner that may see it. */
  readonly tokenParty: PartyKey;
  readonly objectJson: string;
}

export interface TokenPartyIndex {
  /** One bucket per owner and token party (`bucketOfParties`). */
  readonly index: BucketedIndex<TokenPartyEntry>;
  /** Resolves once the records present at start are in the index. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface TokenPartyIndexDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  /** switchyard.sessions: latest per key, tombstones remove. switchyard.cdrs: every CDR (credits are CDRs of their own). */
  readonly topic: 'switchyard.sessions' | 'switchyard.cdrs';
  readonly group: string;
  readonly onUndecodable: (key: string, error: unknown) => void;
}

/** The bucket of one CPO party's objects charged on one eMSP party's tokens. */
export function bucketOfParties(owner: PartyKey, tokenParty: PartyKey): string {
  return `${owner}|${tokenParty}`;
}

/** Follows the topic from its start into an index ordered for paging. */
export async function openTokenPartyIndex(deps: TokenPartyIndexDeps): Promise<TokenPartyIndex> {
  const index = new BucketedIndex<TokenPartyEntry>((entry) => bucketOfParties(entry.owner, entry.tokenParty));
  const mirror = await mirrorCompactedTopic({
    ...deps,
    apply: (key, value) => {
      if (value === null) {
        index.remove(key);
        return;
      }
      const { owner, cdr_token: token, last_updated: lastUpdated, object_json: objectJson } = value.payload;
      index.upsert({ key, lastUpdated, owner: partyKeyOf(owner.country_code, owner.party_id), tokenParty: partyKeyOf(token.country_code, token.party_id), objectJson });
    },
  });
  return { index, ready: mirror.ready, close: () => mirror.close() };
}
