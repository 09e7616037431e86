import type { Admin } from 'kafkajs';
import { SwitchyardError } from '../../errors.ts';
import type { PartitionOffset } from '../event-bus.ts';
import { translatingErrors } from './kafka-errors.ts';

/** A partition's first retained offset and the offset its next record will get. */
export interface PartitionBounds {
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

export interface TimestampLookup {
  /** Per partition, the earliest offset whose timestamp is >= `timestamp` (the end when none is). */
  offsetsAt(topic: string, timestamp: number, bounds: readonly PartitionBounds[]): Promise<PartitionOffset[]>;
}

/**
 * ListOffsets by timestamp. kafkajs turns "no such record" into the partition's end offset, which is also
 * what a broker without the lookup (librdkafka's mock cluster) seems to answer; when every non-empty
 * partition lands on its end, asking for timestamp 0 tells the two apart, since a broker that can look
 * timestamps up answers that with the first retained record.
 */
export function brokerTimestampLookup(admin: Admin, whenUnsupported?: TimestampLookup): TimestampLookup {
  const lookUp = async (topic: string, timestamp: number): Promise<Map<number, number>> => {
    const found = await translatingErrors('bus.offsets_failed', `cannot look up offsets of ${topic} by time`, () =>
      admin.fetchTopicOffsetsByTimestamp(topic, timestamp),
    );
    return new Map(found.map(({ partition, offset }) => [partition, Number(offset)]));
  };
  return {
    offsetsAt: async (topic, timestamp, bounds) => {
      const found = await lookUp(topic, timestamp);
      const nonEmpty = bounds.filter(({ low, high }) => high > low);
      const allAtEnd = (offsets: Map<number, number>): boolean =>
        nonEmpty.length > 0 && nonEmpty.every(({ partition, high }) => offsets.get(partition) === high);
      if (allAtEnd(found) && allAtEnd(await lookUp(topic, 0))) {
        if (whenUnsupported) return whenUnsupported.offsetsAt(topic, timestamp, bounds);
        throw new SwitchyardError(
          'bus.timestamp_lookup_unsupported',
          `the Kafka cluster cannot find offsets by timestamp (ListOffsets by time); seek ${topic} by offsets instead`,
          { retriable: false },
        );
      }
      return bounds.map(({ partition, high }) => ({ partition, offset: found.get(partition) ?? high }));
    },
  };
}
