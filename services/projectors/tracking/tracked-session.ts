import type { CdrToken, IdToken } from '../../core/events/generated-types.ts';
import type { UsageSegment } from '../../pricing/usage.ts';
import type { MeterReading } from './meter-readings.ts';
import { readingsOf, type ReadingChain } from './reading-chain.ts';
import type { Binding } from './reference-data.ts';
import type { SettledUsage } from './settled-usage.ts';

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
  /** Sampled during the session, the latest first, meter never going backwards. */
  readonly readings: ReadingChain | null;
  readonly stopReading: MeterReading | null;
  readonly marks: readonly ChargingMark[];
  readonly binding: Binding;
  /** Why parts of the input were not used (a meter going backwards, a reading after the end, ...). */
  readonly anomalies: readonly string[];
  /** Event time of the last change. */
  readonly lastUpdated: number;
  /** The usage through the last reading, priced; null until the tracker first prices it. */
  readonly settled: SettledUsage | null;
}

export function isFinished(session: TrackedSession): boolean {
  return session.status === 'COMPLETED' || session.status === 'INVALID';
}

/** The last word on charging at `at`. Marks are in time order, and new segments are late: searched from the end. */
function chargingAt(marks: readonly ChargingMark[], at: number): boolean | null {
  for (let index = marks.length - 1; index >= 0; index -= 1) {
    const mark = marks[index];
    if (mark !== undefined && mark.at <= at) return mark.charging;
  }
  return null;
}

/** The meter start as a meter point, when the charger gave one. */
export function meterStartOf(session: TrackedSession): MeterReading | null {
  return session.meterStartWh === null ? null : { at: session.startedAt, energyWh: session.meterStartWh, powerW: null, currentA: null };
}

/**
 * The session's consumption between consecutive meter points (meter start, readings, stop), for pricing.
 * A segment counts as charging when the charger said so; without a word from the charger, when energy
 * flowed. This is the whole usage at once: the projectors price it in steps (`settled-usage.ts`).
 */
export function usageOf(session: TrackedSession): UsageSegment[] {
  const points: MeterReading[] = [];
  const meterStart = meterStartOf(session);
  if (meterStart !== null) points.push(meterStart);
  points.push(...readingsOf(session.readings));
  if (session.stopReading !== null) points.push(session.stopReading);
  return [...segmentsThrough(session, null, points), ...closingSegments(session, points.at(-1) ?? null)];
}

/** The segments from `previous` (null: from the start, no meter point yet) to each of `points` in turn. */
export function segmentsThrough(session: TrackedSession, previous: MeterReading | null, points: readonly MeterReading[]): UsageSegment[] {
  const segments: UsageSegment[] = [];
  let from = previous;
  for (const point of points) {
    const segment = from === null ? segmentOf(session, session.startedAt, point.at, 0, null) : segmentOf(session, from.at, point.at, point.energyWh - from.energyWh, point);
    if (segment !== null) segments.push(segment);
    from = point;
  }
  return segments;
}

/** From the last meter point (null: there is none) to the end, once the session ended. */
export function closingSegments(session: TrackedSession, last: MeterReading | null): UsageSegment[] {
  if (session.endedAt === null) return [];
  const segment = segmentOf(session, last?.at ?? session.startedAt, session.endedAt, 0, null);
  return segment === null ? [] : [segment];
}

function segmentOf(session: TrackedSession, from: number, to: number, energyWh: number, end: MeterReading | null): UsageSegment | null {
  if (to <= from) return null;
  const averagePowerKw = (energyWh / 1000) / ((to - from) / 3_600_000);
  return {
    from,
    to,
    energyWh,
    charging: chargingAt(session.marks, from) ?? energyWh > 0,
    powerKw: end?.powerW === null || end?.powerW === undefined ? averagePowerKw : end.powerW / 1000,
    currentA: end?.currentA ?? null,
  };
}
