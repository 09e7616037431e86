import type { PartyRef } from '../../core/events/generated-types.ts';
import type { Partner } from './partner.ts';

/** The party a partner's traffic is filed under: its first role (a pending partner has none yet). */
export function partyOf(partner: Partner | undefined): PartyRef | null {
  const role = partner?.roles[0];
  return role === undefined ? null : { country_code: role.country_code, party_id: role.party_id };
}
