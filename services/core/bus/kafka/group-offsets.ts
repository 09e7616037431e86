import type { Admin, Consumer, Kafka } from 'kafkajs';
import { SwitchyardError } from '../../errors.ts';
import type { PartitionLag, PartitionOffset, SeekTarget } from '../event-bus.ts';
import { consumerConfig, type ConsumerTuning } from './consumer-tuning.ts';
import { brokerLacksApi, busError, translatingErrors } from './kafka-errors.ts';
import type { PartitionBounds, TimestampLookup } from './timestamp-lookup.ts';

interface Membership {
  readonly leader: boolean;
  readonly partitions: readonly number[];
}

const joinTimeoutInRebalances = 3;

/** Reads and moves a consumer group's committed offsets on one topic. */
export class GroupOffsets {
  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly tuning: ConsumerTuning,
    private readonly timestampLookup: TimestampLookup,
  ) {}

  async bounds(topic: string): Promise<PartitionBounds[]> {
    const offsets = await translatingErrors('bus.offsets_failed', `cannot read offsets of topic ${topic}`, () =>
      this.admin.fetchTopicOffsets(topic),
    );
    return offsets
      .map((entry) => ({ partition: entry.partition, low: Number(entry.low), high: Number(entry.high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async lag(group: string, topic: string): Promise<PartitionLag[]> {
    const [bounds, committed] = await Promise.all([
      this.bounds(topic),
      translatingErrors('bus.offsets_failed', `cannot read offsets of group ${group}`, () =>
        this.admin.fetchOffsets({ groupId: group, topics: [topic] }),
      ),
    ]);
    const committedByPartition = new Map(
      (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((entry) => [
        entry.partition,
        Number(entry.offset),
      ]),
    );
    return bounds.map(({ partition, low, high }) => {
      const next = committedByPartition.get(partition) ?? -1;
      return { partition, committed: next, end: high, lag: high - (next < 0 ? low : next) };
    });
  }

  async seek(group: string, topic: string, target: SeekTarget): Promise<void> {
    const offsets = await this.resolve(topic, target);
    await this.commitAsOnlyMember(group, topic, offsets);
  }

  private async resolve(topic: string, target: SeekTarget): Promise<readonly PartitionOffset[]> {
    switch (target.kind) {
      case 'offsets':
        return target.offsets;
      case 'earliest':
        return (await this.bounds(topic)).map(({ partition, low }) => ({ partition, offset: low }));
      case 'latest':
        return (await this.bounds(topic)).map(({ partition, high }) => ({ partition, offset: high }));
      case 'timestamp':
        return this.timestampLookup.offsetsAt(topic, target.timestamp, await this.bounds(topic));
      default:
        return assertNever(target);
    }
  }

  /**
   * Kafka accepts commits only from a member of the group's current generation (the mock cluster insists
   * on it even for an empty group), so the seek joins the group, commits and leaves. Seeking under a
   * running member would be undone by its next commit, so that is refused: up front from the group's
   * description where the cluster offers DescribeGroups, else (the mock) from the join itself: a lone
   * member leads the group and is handed every partition.
   */
  private async commitAsOnlyMember(group: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void> {
    if (await this.hasRunningMembers(group)) throw groupActive(group);
    const consumer = this.kafka.consumer(consumerConfig(group, this.tuning));
    const joined = joinedWithin(consumer, topic, group, this.tuning.rebalanceTimeoutMs * joinTimeoutInRebalances);
    joined.catch(() => undefined);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic] });
      // Joining is all this member is for; it never handles a record. run() resolves only once joined,
      // so the bounded wait is on the join event.
      const started = consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
      started.catch(() => undefined);
      const membership = await joined;
      await started;
      consumer.pause([{ topic }]);
      const partitions = (await this.bounds(topic)).map(({ partition }) => partition);
      const mine = new Set(membership.partitions);
      if (!membership.leader || !partitions.every((partition) => mine.has(partition))) throw groupActive(group);
      await consumer.commitOffsets(
        offsets.map(({ partition, offset }) => ({ topic, partition, offset: String(offset) })),
      );
    } catch (error) {
      throw busError('bus.seek_failed', `cannot move group ${group} on topic ${topic}`, error);
    } finally {
      await consumer.disconnect();
    }
  }

  private async hasRunningMembers(group: string): Promise<boolean> {
    try {
      const { groups } = await this.admin.describeGroups([group]);
      return groups.some((description) => description.members.length > 0);
    } catch (error) {
      if (brokerLacksApi(error, 'DescribeGroups')) return false;
      throw busError('bus.seek_failed', `cannot describe group ${group}`, error);
    }
  }
}

/**
 * The first membership of a consumer, or a retriable error if the group never settles: the mock cluster
 * keeps a group rebalancing forever when it has more members than partitions.
 */
function joinedWithin(consumer: Consumer, topic: string, group: string, timeoutMs: number): Promise<Membership> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const message = `group ${group} did not settle within ${timeoutMs} ms`;
      reject(new SwitchyardError('bus.seek_failed', message, { retriable: true }));
    }, timeoutMs);
    // A seek that failed before joining must not keep the process alive until the timer fires.
    timer.unref();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      clearTimeout(timer);
      resolve({ leader: payload.isLeader, partitions: payload.memberAssignment[topic] ?? [] });
    });
  });
}

function groupActive(group: string): SwitchyardError {
  return new SwitchyardError('bus.group_active', `group ${group} has running members; stop them before seeking`, {
    retriable: false,
  });
}

function assertNever(value: never): never {
  throw new Error(`unexpected seek target ${JSON.stringify(value)}`);
}
