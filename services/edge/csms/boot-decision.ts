import type { RegistrationStatus } from '../normalize/domain-events.ts';

/** What the charger registry says to do with a booting charger. */
export type BootPolicy = 'accept' | 'pending' | 'reject';

export interface BootTimings {
  /** Heartbeat interval given to an accepted charger. */
  readonly heartbeatIntervalSeconds: number;
  /** When a pending or rejected charger should send BootNotification again. */
  readonly bootRetryIntervalSeconds: number;
}

export interface BootAnswer {
  readonly currentTime: string;
  readonly interval: number;
  readonly status: RegistrationStatus;
}

const statusByPolicy: Readonly<Record<BootPolicy, RegistrationStatus>> = {
  accept: 'Accepted',
  pending: 'Pending',
  reject: 'Rejected',
};

/** 1.6 and 2.0.1 share this response shape field for field. */
export function decideBoot(policy: BootPolicy, timings: BootTimings, now: number): BootAnswer {
  const status = statusByPolicy[policy];
  return {
    currentTime: new Date(now).toISOString(),
    interval: status === 'Accepted' ? timings.heartbeatIntervalSeconds : timings.bootRetryIntervalSeconds,
    status,
  };
}
