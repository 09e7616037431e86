export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Kafka's round-robin assignor: every partition of every subscribed topic, sorted by topic then partition,
 * dealt in turn to the members (in join order) that subscribe to its topic. Returns one list per member,
 * in the order `memberTopics` was given.
 */
export function assignPartitions(
  memberTopics: ReadonlyArray<ReadonlySet<string>>,
  partitionCounts: ReadonlyMap<string, number>,
): TopicPartition[][] {
  const assignments: TopicPartition[][] = memberTopics.map(() => []);
  const topics = [...new Set(memberTopics.flatMap((topicSet) => [...topicSet]))].sort();
  let cursor = 0;
  for (const topic of topics) {
    const partitions = partitionCounts.get(topic) ?? 0;
    for (let partition = 0; partition < partitions; partition += 1) {
      for (let tried = 0; tried < memberTopics.length; tried += 1) {
        const member = (cursor + tried) % memberTopics.length;
        if (memberTopics[member]?.has(topic)) {
          assignments[member]?.push({ topic, partition });
          cursor = member + 1;
          break;
        }
      }
    }
  }
  return assignments;
}
