import { SwitchyardError } from '../../errors.ts';
import type { PartitionOffset, SeekTarget } from '../event-bus.ts';
import type { LogStore } from './log-store.ts';
import type { PartitionLog, TopicLog } from './topic-logs.ts';

/** Kafka's seek semantics per partition, clamped to the retained log. */
export function seekOffsets(store: LogStore, log: TopicLog, target: SeekTarget): PartitionOffset[] {
  const clamp = (partitionLog: PartitionLog, offset: number): PartitionOffset => ({
    partition: partitionLog.partition,
    offset: Math.min(Math.max(offset, partitionLog.logStart), partitionLog.nextOffset),
  });
  switch (target.kind) {
    case 'earliest':
      return log.partitions.map((partitionLog) => clamp(partitionLog, partitionLog.logStart));
    case 'latest':
      return log.partitions.map((partitionLog) => clamp(partitionLog, partitionLog.nextOffset));
    case 'timestamp':
      return log.partitions.map((partitionLog) =>
        clamp(
          partitionLog,
          store.offsetForTimestamp(partitionLog.topic, partitionLog.partition, target.timestamp) ?? partitionLog.nextOffset,
        ),
      );
    case 'offsets':
      return target.offsets.flatMap(({ partition, offset }) => {
        const partitionLog = log.partitions[partition];
        if (partitionLog === undefined) {
          throw new SwitchyardError('bus.unknown-partition', `${log.spec.name} has no partition ${partition}`, {
            retriable: false,
          });
        }
        return [clamp(partitionLog, offset)];
      });
    default: {
      const unknownTarget: never = target;
      throw new Error(`unknown seek target ${JSON.stringify(unknownTarget)}`);
    }
  }
}
