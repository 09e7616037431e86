import type { CommandResolution } from '../../../edge/commands/command-outcome-waiter.ts';
import { activeChargingProfileOf, type ActiveChargingProfile } from './profile-mapping.ts';

/** OCPI ChargingProfileResultType: the charger's verdict, POSTed to the response_url. */
export type ChargingProfileResultType = 'ACCEPTED' | 'REJECTED' | 'UNKNOWN';

/** ChargingProfileResult (PUT) and ClearProfileResult (DELETE) have this one field. */
export interface ChargingProfileResult {
  readonly result: ChargingProfileResultType;
}

export interface ActiveChargingProfileResult {
  readonly result: ChargingProfileResultType;
  readonly profile?: ActiveChargingProfile;
}

/**
 * OCPI knows only the charger's answers: accepted, rejected, or no matching profile (OCPP status Unknown,
 * which ClearChargingProfile answers when it has none). A charger that refused the action, failed it, never
 * got it or never answered did not accept the request: REJECTED, so the eMSP is not left waiting.
 */
export function chargingProfileResultOf(resolution: CommandResolution): ChargingProfileResult {
  switch (resolution.kind) {
    case 'answered':
      switch (resolution.event.outcome) {
        case 'ACCEPTED':
        case 'SCHEDULED':
          return { result: 'ACCEPTED' };
        case 'UNKNOWN':
          return { result: resolution.event.status_raw === 'Unknown' ? 'UNKNOWN' : 'REJECTED' };
        case 'REJECTED':
        case 'NOT_SUPPORTED':
        case 'CALL_ERROR':
          return { result: 'REJECTED' };
        default: {
          const unreachable: never = resolution.event.outcome;
          return unreachable;
        }
      }
    case 'timedOut':
    case 'undeliverable':
    case 'notPickedUp':
    case 'noOutcome':
      return { result: 'REJECTED' };
    default: {
      const unreachable: never = resolution;
      return unreachable;
    }
  }
}

/** An accepted GetCompositeSchedule without a readable schedule tells the eMSP nothing: UNKNOWN. */
export function activeChargingProfileResultOf(resolution: CommandResolution, answeredAt: number): ActiveChargingProfileResult {
  const { result } = chargingProfileResultOf(resolution);
  if (result !== 'ACCEPTED' || resolution.kind !== 'answered') return { result };
  const profile = activeChargingProfileOf(resolution.event.response_json, answeredAt);
  return profile === null ? { result: 'UNKNOWN' } : { result, profile };
}
