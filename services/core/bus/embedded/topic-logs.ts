import { SwitchyardError } from '../../errors.ts';
import type { TopicSpec } from '../event-bus.ts';
import type { LogStore } from './log-store.ts';

/** The in-memory head of one partition; lmdb holds the records, this holds where the log ends. */
export class PartitionLog {
  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The offset the next appended record gets; every offset below it is committed (and synced). */
    public nextOffset: number,
    /** The first offset retention kept. */
    public logStart: number,
    /** The highest timestamp appended so far, -Infinity while empty. */
    public maxTimestamp: number,
  ) {}
}

export interface TopicLog {
  readonly spec: TopicSpec;
  readonly partitions: readonly PartitionLog[];
}

// Kafka's legal topic names, so a topic that works here also works on a broker.
const legalTopicName = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * Which topics exist and with how many partitions. A topic's spec is fixed the first time it is used
 * (from ensureTopics, else the catalogue, else Kafka-like auto-creation with the default partition count)
 * and persisted, so a reopened log partitions keys exactly as before.
 */
export class TopicLogs {
  private readonly logs = new Map<string, TopicLog>();
  private readonly creations = new Map<string, Promise<TopicLog>>();

  constructor(
    private readonly store: LogStore,
    private readonly catalogue: readonly TopicSpec[],
    private readonly defaultPartitions: number,
  ) {
    for (const spec of store.storedTopics()) this.logs.set(spec.name, this.load(spec));
  }

  known(topic: string): TopicLog | undefined {
    return this.logs.get(topic);
  }

  all(): TopicLog[] {
    return [...this.logs.values()];
  }

  async resolve(topic: string): Promise<TopicLog> {
    return this.logs.get(topic) ?? (await this.create(this.specFor(topic)));
  }

  /** Creates the topics that do not exist yet; existing ones keep their spec, as on a broker. */
  async ensure(specs: readonly TopicSpec[]): Promise<void> {
    await Promise.all(specs.map(async (spec) => this.logs.get(spec.name) ?? (await this.create(spec))));
  }

  private specFor(topic: string): TopicSpec {
    return (
      this.catalogue.find((spec) => spec.name === topic) ?? {
        name: topic,
        partitions: this.defaultPartitions,
        cleanupPolicy: 'delete',
        retentionMs: -1,
      }
    );
  }

  private async create(spec: TopicSpec): Promise<TopicLog> {
    if (!legalTopicName.test(spec.name)) {
      throw new SwitchyardError('bus.invalid-topic', `"${spec.name}" is not a legal topic name`, { retriable: false });
    }
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
      throw new SwitchyardError('bus.invalid-topic', `topic ${spec.name} needs at least one partition`, { retriable: false });
    }
    const inFlight = this.creations.get(spec.name);
    if (inFlight !== undefined) return inFlight;
    const creation = this.store
      // On disk before a record of the topic is journaled: replaying the journal needs the topic's spec.
      .writeFlushed((writer) => writer.putTopic(spec))
      .then(() => {
        const log = this.load(spec);
        this.logs.set(spec.name, log);
        return log;
      })
      .finally(() => this.creations.delete(spec.name));
    this.creations.set(spec.name, creation);
    return creation;
  }

  private load(spec: TopicSpec): TopicLog {
    const partitions = Array.from({ length: spec.partitions }, (_, partition) => {
      const logStart = this.store.logStart(spec.name, partition) ?? 0;
      const end = Math.max(logStart, this.store.endOfRecords(spec.name, partition) ?? 0);
      const maxTimestamp = this.store.maxTimestamp(spec.name, partition) ?? -Infinity;
      return new PartitionLog(spec.name, partition, end, logStart, maxTimestamp);
    });
    return { spec, partitions };
  }
}
