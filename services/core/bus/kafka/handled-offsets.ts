import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { Clock } from '../../clock.ts';

export type SendCommit = (offsets: TopicPartitionOffsetAndMetadata[]) => Promise<void>;

/**
 * What one group member has handled (or dead-lettered) but not committed yet, per partition, and when
 * it last committed each partition. Committing after every fetched batch costs an OffsetCommit round
 * trip per partition and fetch; the member instead commits a partition when it has caught up with it,
 * when `commitIntervalMs` has passed since its last commit, and everything when it stops or is
 * interrupted (see batch-handler.ts and subscription.ts).
 */
export class HandledOffsets {
  /** Next offset to read of each partition with handled, uncommitted records. */
  private readonly uncommitted = new Map<string, { readonly topic: string; readonly partition: number; nextOffset: number }>();
  private readonly committedAt = new Map<string, number>();
  /** Commits go out one after the other, so a later commit never moves a partition back. */
  private commits: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly commitIntervalMs: number,
  ) {}

  /** Records that every offset before `nextOffset` of the partition is handled. */
  handled(topic: string, partition: number, nextOffset: number): void {
    const slot = slotOf(topic, partition);
    const entry = this.uncommitted.get(slot);
    if (entry === undefined) this.uncommitted.set(slot, { topic, partition, nextOffset });
    else entry.nextOffset = nextOffset;
    // A partition's first handled record starts its commit interval.
    if (!this.committedAt.has(slot)) this.committedAt.set(slot, this.clock.now());
  }

  /** True when the partition has handled offsets and its last commit is at least the interval old. */
  commitDue(topic: string, partition: number): boolean {
    const slot = slotOf(topic, partition);
    const committedAt = this.committedAt.get(slot);
    return this.uncommitted.has(slot) && committedAt !== undefined && this.clock.now() - committedAt >= this.commitIntervalMs;
  }

  /** Commits the partition's handled offset (if any) through `send`, after the commits before it. */
  commitPartition(topic: string, partition: number, send: SendCommit): Promise<void> {
    return this.enqueue(() => this.take(topic, partition), send);
  }

  /** Commits every handled offset, when the member stops or its handling is interrupted. */
  commitAll(send: SendCommit): Promise<void> {
    return this.enqueue(() => [...this.uncommitted.values()].flatMap(({ topic, partition }) => this.take(topic, partition)), send);
  }

  /**
   * After a rebalance the member reads its partitions again from their committed offsets, and a
   * partition it lost belongs to another member: what it had not committed must not be committed later.
   */
  forget(): void {
    this.uncommitted.clear();
    this.committedAt.clear();
  }

  /** The offsets are read when the commit's turn comes, so it carries the latest handled offsets. */
  private enqueue(take: () => TopicPartitionOffsetAndMetadata[], send: SendCommit): Promise<void> {
    const commit = this.commits.then(async () => {
      const offsets = take();
      if (offsets.length > 0) await send(offsets);
    });
    this.commits = commit.catch(() => undefined);
    return commit;
  }

  private take(topic: string, partition: number): TopicPartitionOffsetAndMetadata[] {
    const slot = slotOf(topic, partition);
    const entry = this.uncommitted.get(slot);
    if (entry === undefined) return [];
    this.uncommitted.delete(slot);
    this.committedAt.set(slot, this.clock.now());
    return [{ topic, partition, offset: String(entry.nextOffset) }];
  }
}

function slotOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
