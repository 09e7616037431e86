import type { TopicSpec } from '../../services/core/bus/event-bus.ts';

export const crashTopic: TopicSpec = { name: 'crash.appends', partitions: 4, cleanupPolicy: 'delete', retentionMs: -1 };

/** One line the child prints per acknowledged record. */
export interface AcknowledgedRecord {
  readonly key: string;
  readonly value: string;
  readonly partition: number;
  readonly offset: number;
}
