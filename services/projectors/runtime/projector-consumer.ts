import type { Logger } from 'pino';
import type { BusRecord, EventBus, Subscription } from '../../core/bus/event-bus.ts';
import { describeError, SwitchyardError } from '../../core/errors.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { TrackerInput } from '../tracking/session-tracker.ts';
import { outputAppendRequest } from './output-records.ts';
import type { OutputTopic, ProjectedRecord, Projection } from './projection.ts';
import { chargerEventTopics, decodeProjectorInput, referenceTopics } from './projector-inputs.ts';
import { CatchUp, readTopicToEnd } from './topic-snapshot.ts';

export interface ProjectorConsumerDeps<S, T extends OutputTopic> {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly projection: Projection<S, T>;
  readonly logger: Logger;
  /** Consumer group names start with it; one projector instance per prefix. */
  readonly groupPrefix: string;
}

export interface RunningProjector {
  /** Resolves once the backlog has been replayed and the missing outputs written: from then on it is live. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

const appendBatchSize = 500;

/**
 * Runs a pure projection on the bus. State lives in memory and is rebuilt at every start by replaying the
 * inputs from their first record: the projection is deterministic, so the replay reproduces exactly the
 * outputs already written, and no snapshot can drift from the code that reads it. The replay writes only
 * what the output topic lacks (a crash between input and output, or a new projector). The cost is start
 * time, measured in test/bench/projectors.bench.ts.
 *
 * Reference data (tariffs, locations, tokens) is read to its end before the charger events, so a replay
 * binds sessions to the same tariffs and tokens whatever the interleaving of topics.
 */
export async function startProjector<S, T extends OutputTopic>(deps: ProjectorConsumerDeps<S, T>): Promise<RunningProjector> {
  const { bus, serde, projection, logger } = deps;
  let state = projection.initialState;
  const written = await writtenOutputs(deps);
  const pendingLatest = new Map<string, ProjectedRecord<T>>();
  const pendingOnce: ProjectedRecord<T>[] = [];
  let live = false;
  let chain: Promise<unknown> = Promise.resolve();
  const serialized = <R>(work: () => Promise<R>): Promise<R> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };

  const appendAll = async (outputs: readonly ProjectedRecord<T>[]): Promise<void> => {
    for (let start = 0; start < outputs.length; start += appendBatchSize) {
      const batch = outputs.slice(start, start + appendBatchSize);
      await bus.append(await Promise.all(batch.map((output) => outputAppendRequest(serde, projection.outputTopic, output))));
    }
  };

  const apply = (input: TrackerInput, backlog: boolean): Promise<void> =>
    serialized(async () => {
      const step = projection.evolve(state, input);
      if (backlog) {
        state = step.state;
        for (const output of step.outputs) {
          if (projection.outputKind === 'latest-per-key') pendingLatest.set(output.key, output);
          else if (!written.has(output.key)) pendingOnce.push(output);
        }
        return;
      }
      await appendAll(step.outputs);
      state = step.state;
      // A live output supersedes a replayed one of the same key still waiting for the end of the replay.
      for (const output of step.outputs) pendingLatest.delete(output.key);
      if (step.rejected !== null) throw new SwitchyardError('projector.input_rejected', step.rejected, { retriable: false });
    });

  /** A record already handled before this start failed then too: it was dead-lettered, so only log it. */
  const handle = async (record: BusRecord, catchUp: CatchUp): Promise<void> => {
    const backlog = !live && catchUp.isBacklog(record);
    try {
      const input = await decodeProjectorInput(serde, record);
      if (input !== null) await apply(input, backlog);
    } catch (error) {
      if (!backlog) throw error;
      logger.warn({ topic: record.topic, partition: record.partition, offset: record.offset, error: describeError(error) }, 'replayed input not used');
    }
  };

  const reference = await follow(bus, `${deps.groupPrefix}.reference`, referenceTopics, handle);
  await reference.caughtUp;

  const goLive = (): Promise<void> =>
    serialized(async () => {
      if (live) return;
      const missing = [...pendingLatest.values()].filter((output) => written.get(output.key) !== payloadText(output));
      await appendAll(projection.outputKind === 'latest-per-key' ? missing : pendingOnce);
      logger.info({ projector: projection.name, written: projection.outputKind === 'latest-per-key' ? missing.length : pendingOnce.length }, 'projector replayed its inputs and is live');
      pendingLatest.clear();
      pendingOnce.length = 0;
      written.clear();
      live = true;
    });
  const events = await follow(bus, `${deps.groupPrefix}.events`, chargerEventTopics, handle);

  return {
    ready: events.caughtUp.then(goLive),
    async stop() {
      await events.subscription.stop();
      await reference.subscription.stop();
      await chain;
    },
  };
}

interface Followed {
  readonly subscription: Subscription;
  /** Resolves when everything the topics held at subscription time has been handled. */
  readonly caughtUp: Promise<void>;
}

async function follow(
  bus: EventBus,
  group: string,
  topicNames: readonly string[],
  handle: (record: BusRecord, catchUp: CatchUp) => Promise<void>,
): Promise<Followed> {
  for (const topic of topicNames) await bus.seekGroup(group, topic, { kind: 'earliest' });
  const catchUp = await CatchUp.of(bus, topicNames);
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });
  const subscription = await bus.subscribe({
    group,
    topics: topicNames,
    from: 'earliest',
    handler: async (record) => {
      await handle(record, catchUp);
      catchUp.consumed(record);
      if (catchUp.done) markCaughtUp();
    },
  });
  if (catchUp.done) markCaughtUp();
  return { subscription, caughtUp };
}

function payloadText(output: ProjectedRecord<OutputTopic>): string {
  return JSON.stringify(output.value.payload);
}

/** What the output topic already holds: per key, the payload of its latest value. */
async function writtenOutputs<S, T extends OutputTopic>(deps: ProjectorConsumerDeps<S, T>): Promise<Map<string, string>> {
  const written = new Map<string, string>();
  const { serde, projection } = deps;
  await readTopicToEnd(deps.bus, projection.outputTopic, `${deps.groupPrefix}.outputs`, async (record) => {
    if (record.value === null) written.delete(record.key);
    else written.set(record.key, JSON.stringify((await serde.decode(projection.outputTopic, record.value)).payload));
  });
  return written;
}
