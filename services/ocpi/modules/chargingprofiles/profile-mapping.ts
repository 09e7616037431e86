import { z } from 'zod';
import type { OcpiChargingProfile } from './charging-profile-requests.ts';
import type { SessionTarget } from './session-target.ts';

/**
 * The stack level of eMSP profiles. A TxProfile outranks TxDefault profiles whatever their level, and the
 * charger's own limits (ChargerMax) cap it, so one fixed level is enough.
 */
const emspStackLevel = 0;

/** The edge's set_charging_profile parameters (services/edge/commands/command-parameters.ts) for an OCPI ChargingProfile. */
export function setChargingProfileParameters(profile: OcpiChargingProfile, target: SessionTarget): Record<string, unknown> {
  return {
    evseId: target.evseId,
    profile: {
      id: target.profileId,
      stackLevel: emspStackLevel,
      purpose: 'Tx',
      // Without a start the OCPI profile runs from the start of charging: OCPP's Relative kind.
      kind: profile.start_date_time === undefined ? 'Relative' : 'Absolute',
      recurrency: null,
      validFrom: null,
      validTo: null,
      transactionId: target.transactionId,
      schedule: {
        id: target.profileId,
        startAt: profile.start_date_time ?? null,
        durationSeconds: profile.duration ?? null,
        rateUnit: profile.charging_rate_unit,
        periods: profile.charging_profile_period.map((period) => ({ startSeconds: period.start_period, limit: period.limit, phases: null })),
        minRate: profile.min_charging_rate ?? null,
      },
    },
  };
}

export function clearChargingProfileParameters(target: SessionTarget): Record<string, unknown> {
  return { profileId: target.profileId, evseId: null, purpose: null, stackLevel: null };
}

export function compositeScheduleParameters(target: SessionTarget, durationSeconds: number): Record<string, unknown> {
  return { evseId: target.evseId, duration: durationSeconds, chargingRateUnit: null };
}

/** OCPI ActiveChargingProfile: the charger's composite schedule, its times relative to start_date_time. */
export interface ActiveChargingProfile {
  readonly start_date_time: string;
  readonly charging_profile: {
    readonly start_date_time?: string;
    readonly duration?: number;
    readonly charging_rate_unit: 'W' | 'A';
    readonly min_charging_rate?: number;
    readonly charging_profile_period: readonly { readonly start_period: number; readonly limit: number }[];
  };
}

const period = z.object({ startPeriod: z.number().int().nonnegative(), limit: z.number() });
const schedule16 = z.object({
  duration: z.number().int().optional(),
  startSchedule: z.string().optional(),
  chargingRateUnit: z.enum(['W', 'A']),
  chargingSchedulePeriod: z.array(period),
  minChargingRate: z.number().optional(),
});
/** 1.6 GetCompositeSchedule.conf carries chargingSchedule and scheduleStart; 2.0.1 a `schedule` (CompositeScheduleType). */
const compositeAnswer = z.union([
  z.object({ scheduleStart: z.string().optional(), chargingSchedule: schedule16 }),
  z.object({
    schedule: z.object({ duration: z.number().int(), scheduleStart: z.string(), chargingRateUnit: z.enum(['W', 'A']), chargingSchedulePeriod: z.array(period) }),
  }),
]);

/** OCPI numbers of limits accept at most one digit fraction. */
const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/**
 * The ActiveChargingProfile in a GetCompositeSchedule answer (1.6 or 2.0.1 payload as JSON text), or null
 * when the answer holds no schedule. A 1.6 answer may leave out when the schedule starts: then it starts
 * when the charger answered.
 */
export function activeChargingProfileOf(responseJson: string | null, answeredAt: number): ActiveChargingProfile | null {
  if (responseJson === null) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(responseJson);
  } catch {
    return null;
  }
  const parsed = compositeAnswer.safeParse(payload);
  if (!parsed.success) return null;
  const answer = parsed.data;
  const plan =
    'schedule' in answer
      ? { start: answer.schedule.scheduleStart, duration: answer.schedule.duration, unit: answer.schedule.chargingRateUnit, periods: answer.schedule.chargingSchedulePeriod, minRate: undefined }
      : {
          start: answer.scheduleStart ?? answer.chargingSchedule.startSchedule,
          duration: answer.chargingSchedule.duration,
          unit: answer.chargingSchedule.chargingRateUnit,
          periods: answer.chargingSchedule.chargingSchedulePeriod,
          minRate: answer.chargingSchedule.minChargingRate,
        };
  const startMs = plan.start === undefined ? Number.NaN : Date.parse(plan.start);
  const start = new Date(Number.isNaN(startMs) ? answeredAt : startMs).toISOString();
  return {
    start_date_time: start,
    charging_profile: {
      start_date_time: start,
      ...(plan.duration === undefined ? {} : { duration: plan.duration }),
      charging_rate_unit: plan.unit,
      ...(plan.minRate === undefined ? {} : { min_charging_rate: oneDecimal(plan.minRate) }),
      charging_profile_period: plan.periods.map((p) => ({ start_period: p.startPeriod, limit: oneDecimal(p.limit) })),
    },
  };
}
