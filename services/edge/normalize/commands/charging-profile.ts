import type { JsonObject } from '../../protocol/frame.ts';
import { isoOrNull } from './ocpp-request.ts';
import type { ChargingProfile, ChargingProfilePurpose } from './remote-command.ts';

/** Only defined fields go on the wire: OCPP optional fields are absent, never null. */
export function definedOnly(fields: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}

export const purpose16: Readonly<Record<ChargingProfilePurpose, string>> = {
  ChargerMax: 'ChargePointMaxProfile',
  TxDefault: 'TxDefaultProfile',
  Tx: 'TxProfile',
};

export const purpose201: Readonly<Record<ChargingProfilePurpose, string>> = {
  ChargerMax: 'ChargingStationMaxProfile',
  TxDefault: 'TxDefaultProfile',
  Tx: 'TxProfile',
};

function periods(profile: ChargingProfile): JsonObject[] {
  return profile.schedule.periods.map((period) =>
    definedOnly({ startPeriod: period.startSeconds, limit: period.limit, numberPhases: period.phases }),
  );
}

/** 1.6 csChargingProfiles; a 1.6 transaction id is an integer, so it must read as one. */
export function chargingProfile16(profile: ChargingProfile): JsonObject {
  return definedOnly({
    chargingProfileId: profile.id,
    transactionId: profile.transactionId === null ? null : Number(profile.transactionId),
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: purpose16[profile.purpose],
    chargingProfileKind: profile.kind,
    recurrencyKind: profile.recurrency,
    validFrom: isoOrNull(profile.validFrom),
    validTo: isoOrNull(profile.validTo),
    chargingSchedule: definedOnly({
      duration: profile.schedule.durationSeconds,
      startSchedule: isoOrNull(profile.schedule.startAt),
      chargingRateUnit: profile.schedule.rateUnit,
      chargingSchedulePeriod: periods(profile),
      minChargingRate: profile.schedule.minRate,
    }),
  });
}

export function chargingProfile201(profile: ChargingProfile): JsonObject {
  return definedOnly({
    id: profile.id,
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: purpose201[profile.purpose],
    chargingProfileKind: profile.kind,
    recurrencyKind: profile.recurrency,
    validFrom: isoOrNull(profile.validFrom),
    validTo: isoOrNull(profile.validTo),
    transactionId: profile.transactionId,
    chargingSchedule: [
      definedOnly({
        id: profile.schedule.id,
        startSchedule: isoOrNull(profile.schedule.startAt),
        duration: profile.schedule.durationSeconds,
        chargingRateUnit: profile.schedule.rateUnit,
        chargingSchedulePeriod: periods(profile),
        minChargingRate: profile.schedule.minRate,
      }),
    ],
  });
}

const integerText = /^\d+$/;

export function isIntegerTransactionId(transactionId: string): boolean {
  return integerText.test(transactionId) && Number.isSafeInteger(Number(transactionId));
}
