import type { CdrToken, IdToken } from '../../core/events/generated-types.ts';
import type { UsageSegment } from '../../pricing/usage.ts';
import type { MeterReading } from './meter-readings.ts';
import type { Binding } from './reference-data.ts';

export type SessionStatus = 'PENDING' | 'ACTIVE' | 'COMPLETED' | 'INVALID';
export type AuthMethod = 'AUTH_REQUEST' | 'COMMAND' | 'WHITELIST';

/** When the charger said the EV started or stopped drawing power (OCPP charging state or connector status). */
export interface ChargingMark {
  readonly at: number;
  readonly charging: boolean;
}

/** What the projectors know of one OCPP transaction; Session and CDR objects are views of it. */
export interface TrackedSession {
  readonly id: string;
  readonly chargerId: string;
  readonly transactionId: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly idToken: IdToken | null;
  /**
   * The token as Sessions and CDRs name it (which eMSP issued it), decided when the session gets its
   * token from the tokens read by then, and kept for the session's life.
   */
  readonly cdrToken: CdrToken;
  /** Decided with cdrToken (`session-authorization.ts`). */
  readonly authMethod: AuthMethod;
  /** The eMSP's authorization_reference for the session, if it gave one. */
  readonly authorizationReference: string | null;
  readonly status: SessionStatus;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly stopReason: string | null;
  readonly meterStartWh: number | null;
  /** Sampled during the session, in time order, meter never going backwards. */
  readonly readings: readonly MeterReading[];
  readonly stopReading: MeterReading | null;
  readonly marks: readonly ChargingMark[];
  readonly binding: Binding;
  /** Why parts of the input were not used (a meter going backwards, a reading after the end, ...). */
  readonly anomalies: readonly string[];
  /** Event time of the last change. */
  readonly lastUpdated: number;
}

export function isFinished(session: TrackedSession): boolean {
  return session.status === 'COMPLETED' || session.status === 'INVALID';
}

function chargingAt(marks: readonly ChargingMark[], at: number): boolean | null {
  let charging: boolean | null = null;
  for (const mark of marks) {
    if (mark.at > at) break;
    charging = mark.charging;
  }
  return charging;
}

/**
 * The session's consumption between consecutive meter points, for pricing. A segment counts as charging
 * when the charger said so; without a word from the charger, when energy flowed.
 */
export function usageOf(session: TrackedSession): UsageSegment[] {
  const points: MeterReading[] = [];
  if (session.meterStartWh !== null) points.push({ at: session.startedAt, energyWh: session.meterStartWh, powerW: null, currentA: null });
  points.push(...session.readings);
  if (session.stopReading !== null) points.push(session.stopReading);

  const segments: UsageSegment[] = [];
  const push = (from: number, to: number, energyWh: number, end: MeterReading | null): void => {
    if (to <= from) return;
    const averagePowerKw = (energyWh / 1000) / ((to - from) / 3_600_000);
    segments.push({
      from,
      to,
      energyWh,
      charging: chargingAt(session.marks, from) ?? energyWh > 0,
      powerKw: end?.powerW === null || end?.powerW === undefined ? averagePowerKw : end.powerW / 1000,
      currentA: end?.currentA ?? null,
    });
  };
  const [first] = points;
  if (first === undefined) {
    if (session.endedAt !== null) push(session.startedAt, session.endedAt, 0, null);
    return segments;
  }
  push(session.startedAt, first.at, 0, null);
  for (let index = 1; index < points.length; index += 1) {
    const previous = points[index - 1];
    const current = points[index];
    if (previous === undefined || current === undefined) continue;
    push(previous.at, current.at, current.energyWh - previous.energyWh, current);
  }
  const last = points.at(-1);
  if (last !== undefined && session.endedAt !== null) push(last.at, session.endedAt, 0, null);
  return segments;
}
