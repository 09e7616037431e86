import { assignPartitions } from './assignment.ts';
import type { GroupMember } from './group-member.ts';
import type { PartitionLog, TopicLogs } from './topic-logs.ts';

interface GroupState {
  readonly members: GroupMember[];
  /** Rebalances of one group run one after the other. */
  rebalancing: Promise<void>;
}

/**
 * In-process consumer group membership, with Kafka's eager rebalance: when a member joins or leaves,
 * every member gives its partitions back (finishing the record in flight and committing), then the
 * partitions are dealt again. No partition is ever fetched by two members at once.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, GroupState>();

  constructor(private readonly topics: TopicLogs) {}

  hasMembers(group: string): boolean {
    return (this.groups.get(group)?.members.length ?? 0) > 0;
  }

  /** Resolves once the member has its partitions (the subscribed topics must already be resolved). */
  async join(member: GroupMember): Promise<void> {
    const state = this.groups.get(member.group) ?? { members: [], rebalancing: Promise.resolve() };
    this.groups.set(member.group, state);
    state.members.push(member);
    await this.rebalance(state);
  }

  /** Resolves once the member stopped (and committed) and the rest of the group took over. */
  async leave(member: GroupMember): Promise<void> {
    const state = this.groups.get(member.group);
    if (state === undefined || !state.members.includes(member)) return;
    state.members.splice(state.members.indexOf(member), 1);
    await this.rebalance(state, member);
    if (state.members.length === 0 && this.groups.get(member.group) === state) this.groups.delete(member.group);
  }

  async leaveAll(): Promise<void> {
    const members = [...this.groups.values()].flatMap((state) => state.members);
    await Promise.all(members.map((member) => this.leave(member)));
  }

  private rebalance(state: GroupState, leaving?: GroupMember): Promise<void> {
    // A failed rebalance fails its caller; the next one still runs.
    state.rebalancing = state.rebalancing.catch(() => undefined).then(async () => {
      const members = [...state.members];
      await Promise.all([...members, ...(leaving === undefined ? [] : [leaving])].map((member) => member.revoke()));
      const memberTopics = members.map((member) => new Set(member.options.topics));
      const logs = new Map<string, readonly PartitionLog[]>();
      for (const topic of memberTopics.flatMap((topicSet) => [...topicSet])) {
        logs.set(topic, this.topics.known(topic)?.partitions ?? []);
      }
      const counts = new Map([...logs].map(([topic, partitions]) => [topic, partitions.length]));
      assignPartitions(memberTopics, counts).forEach((assigned, index) => {
        const partitionLogs = assigned.flatMap(({ topic, partition }) => logs.get(topic)?.[partition] ?? []);
        members[index]?.assign(partitionLogs);
      });
    });
    return state.rebalancing;
  }
}
