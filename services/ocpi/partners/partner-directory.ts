import type { Partner } from './partner.ts';

/**
 * Where partners live: a compacted topic (switchyard.ocpi.partners) mirrored in memory, so token
 * lookups on every request cost no I/O. Writes are durable before they resolve.
 */
export interface PartnerDirectory {
  readonly ready: Promise<void>;
  /** The partner that presents this token (token A while pending, token C once registered). */
  byIncomingToken(token: string): Partner | undefined;
  byId(id: string): Partner | undefined;
  /** Registered partners that have a role with this country code and party id. */
  byParty(countryCode: string, partyId: string): Partner | undefined;
  list(): Partner[];
  put(partner: Partner): Promise<void>;
  /** Called after every change (read back or written here): push and views follow partners live. */
  onChange(listener: (partner: Partner) => void): () => void;
  close(): Promise<void>;
}
