import type { ConsumerConfig } from 'kafkajs';

/**
 * Group membership timings. The defaults rebalance within seconds when a member stops or dies, at the
 * cost of heartbeats every second; a handler that blocks longer than the session timeout loses its
 * partitions (the loop heartbeats between records and while backing off).
 */
export interface ConsumerTuning {
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  /** How long a fetch waits on an idle partition; also bounds how long stop() waits for that fetch. */
  readonly maxWaitTimeMs: number;
  /**
   * While a member works through a backlog, a partition's committed offset trails its handled records
   * by at most this long; a member commits at once when it catches up, stops or loses partitions.
   */
  readonly commitIntervalMs: number;
}

export const defaultConsumerTuning: ConsumerTuning = {
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
  rebalanceTimeoutMs: 10_000,
  maxWaitTimeMs: 500,
  commitIntervalMs: 1_000,
};

/** Every consumer the adapter creates (members, seekers, scanners) uses the same timings. */
export function consumerConfig(group: string, tuning: ConsumerTuning): ConsumerConfig {
  return {
    groupId: group,
    sessionTimeout: tuning.sessionTimeoutMs,
    heartbeatInterval: tuning.heartbeatIntervalMs,
    rebalanceTimeout: tuning.rebalanceTimeoutMs,
    maxWaitTimeInMs: tuning.maxWaitTimeMs,
    // Topics come from the catalogue; a typo must not create one.
    allowAutoTopicCreation: false,
  };
}
