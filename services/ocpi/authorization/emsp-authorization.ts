import { z } from 'zod';
import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import { allowedTypes, type RealtimeAnswer } from '../../roaming/tokens/realtime-authorization.ts';
import type { PartnerResponse } from '../client/partner-client.ts';
import { ocpiStatus } from '../transport/ocpi-status.ts';

/** LocationReferences of the token module: where the token is presented. */
export interface LocationReferences {
  readonly location_id: string;
  readonly evse_uids?: readonly string[];
}

/** The Location with the charger's EVSEs, so the eMSP can say whether the token may charge there. */
export function locationReferencesOf(locations: readonly OcpiLocation[], chargerId: string): LocationReferences | null {
  for (const location of locations) {
    const evseUids = location.evses.filter((evse) => evse.switchyard.charger_id === chargerId).map((evse) => evse.uid);
    if (evseUids.length > 0) return { location_id: location.id, evse_uids: evseUids };
  }
  return null;
}

/** AuthorizationInfo as far as the CPO uses it; 2.1.1 has no authorization_reference. */
const authorizationInfo = z.looseObject({
  allowed: z.enum(allowedTypes),
  authorization_reference: z.string().min(1).max(36).optional(),
  token: z.looseObject({ group_id: z.string().min(1).max(36).optional() }).optional(),
});

/** What one eMSP's answer to `POST {tokens}/{uid}/authorize` means. */
export function answerOfAuthorize(response: PartnerResponse): RealtimeAnswer {
  if (response.httpStatus === 404 || response.ocpiStatusCode === ocpiStatus.unknownToken) return { outcome: 'unknown_token' };
  if (response.httpStatus >= 300 || response.ocpiStatusCode !== ocpiStatus.success) {
    return { outcome: 'unreachable', reason: `the eMSP answered HTTP ${response.httpStatus}, status ${String(response.ocpiStatusCode)}` };
  }
  const info = authorizationInfo.safeParse(response.data);
  if (!info.success) return { outcome: 'unreachable', reason: 'the eMSP answered without a valid AuthorizationInfo' };
  return {
    outcome: 'answered',
    allowed: info.data.allowed,
    authorization_reference: info.data.authorization_reference ?? null,
    group_id: info.data.token?.group_id ?? null,
  };
}

/**
 * Several eMSPs asked about one unknown token: one that allows it wins; else any answer, else "nobody
 * knows it" when every eMSP said so, else unreachable (somebody might have known it).
 */
export function combineAnswers(answers: readonly RealtimeAnswer[]): RealtimeAnswer {
  const allowing = answers.find((answer) => answer.outcome === 'answered' && answer.allowed === 'ALLOWED');
  if (allowing !== undefined) return allowing;
  const unknownEverywhere = answers.length > 0 && answers.every((answer) => answer.outcome === 'unknown_token');
  if (unknownEverywhere) return { outcome: 'unknown_token' };
  const answered = answers.find((answer) => answer.outcome === 'answered');
  if (answered !== undefined) return answered;
  return answers.find((answer) => answer.outcome === 'unreachable') ?? { outcome: 'unreachable', reason: 'no eMSP offers real-time authorization' };
}
