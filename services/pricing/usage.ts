/**
 * What a session consumed, as consecutive segments between two meter readings. Within a segment energy
 * is taken to flow evenly, which is how a CPO interpolates when a tariff boundary falls between readings
 * (OCPI 2.2.1 mod_cdrs, ChargingPeriod).
 */
export interface UsageSegment {
  readonly from: number;
  readonly to: number;
  readonly energyWh: number;
  /** false: the EV is connected but not charging, which OCPI prices as PARKING_TIME. */
  readonly charging: boolean;
  readonly powerKw: number | null;
  /** Sum over all phases, as OCPI's current restrictions read it. */
  readonly currentA: number | null;
}

