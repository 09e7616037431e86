import type { CdrToken, IdToken, PartyRef } from '../../core/events/generated-types.ts';
import { decidingToken } from '../../roaming/tokens/token-decision.ts';
import type { TokenIndex } from '../../roaming/tokens/token-index.ts';

/** OCPI token types of OCPP id token types no eMSP token list knows; a 1.6 idTag (no type) is an RFID card. */
const ocpiTypeOfOcpp: Readonly<Record<string, string>> = { ISO14443: 'RFID', ISO15693: 'RFID', eMAID: 'APP_USER', Central: 'OTHER' };

/**
 * The session's token as its Session and CDR name it. An eMSP's token (matched as the edge matches it:
 * a 2.0.1 eMAID by contract id, anything else by uid; of several eMSPs' tokens, the one the edge's
 * decision rested on) names that eMSP, so the eMSP sees the session. Any other token (local, unknown,
 * free vend) is attributed to `unknownTokenParty`, the session's owner, with its uid as contract id.
 */
export function cdrTokenFor(tokens: TokenIndex, idToken: IdToken | null, unknownTokenParty: PartyRef): CdrToken {
  const token = idToken === null ? undefined : decidingToken(tokens.candidatesFor(idToken));
  if (token !== undefined) {
    return { country_code: token.country_code, party_id: token.party_id, uid: token.uid, type: token.type, contract_id: token.contract_id };
  }
  const uid = idToken?.value ?? '';
  return {
    country_code: unknownTokenParty.country_code,
    party_id: unknownTokenParty.party_id,
    uid,
    type: idToken?.type === null || idToken === null ? 'RFID' : (ocpiTypeOfOcpp[idToken.type] ?? 'OTHER'),
    contract_id: uid,
  };
}
