import type { TopicValues } from '../../core/events/generated-types.ts';
import type { TrackerInput } from '../tracking/session-tracker.ts';

export type OutputTopic = 'switchyard.sessions' | 'switchyard.cdrs';

export interface ProjectedRecord<T extends OutputTopic> {
  readonly key: string;
  readonly value: TopicValues[T];
  /** Anomalies of the inputs behind this output, carried in a record header for operators. */
  readonly flags: readonly string[];
}

export interface ProjectionStep<S, T extends OutputTopic> {
  readonly state: S;
  readonly outputs: readonly ProjectedRecord<T>[];
  /** Set when the input could not be used at all: it goes to the dead-letter topic. */
  readonly rejected: string | null;
}

/**
 * A projector's pure part. `latest-per-key`: the output topic is compacted and a key's last value is its
 * state (sessions). `once-per-key`: every key is written once and never again (CDRs are immutable).
 */
export interface Projection<S, T extends OutputTopic> {
  readonly name: string;
  readonly outputTopic: T;
  readonly outputKind: 'latest-per-key' | 'once-per-key';
  readonly initialState: S;
  evolve(state: S, input: TrackerInput): ProjectionStep<S, T>;
}

export const flagsHeader = 'x-projection-anomalies';
