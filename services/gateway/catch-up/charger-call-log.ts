import type { BusRecord, EventBus, PartitionOffset } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { rangesToEnd, readRanges } from '../../replay/window-reader.ts';
import { missedCallOf, type MissedCall } from './missed-call.ts';

/** Where the next read of the frames topic starts, per partition. */
export interface CallLogPosition {
  readonly offsets: readonly PartitionOffset[];
}

export interface CallLogRead {
  readonly calls: readonly MissedCall[];
  readonly next: CallLogPosition;
}

/** The charger CALLs on switchyard.ocpp.frames: what observers missed is read back from there. */
export interface ChargerCallLog {
  /** The position of the first record received at or after `fromMs`. */
  positionAt(fromMs: number): Promise<CallLogPosition>;
  /** The charger's handled CALLs received at or after `since`, from `position` to the log's end now, in log order. */
  callsFrom(chargerId: string, position: CallLogPosition, since: number): Promise<CallLogRead>;
}

interface CallsRequest {
  readonly chargerId: string;
  readonly starts: ReadonlyMap<number, number>;
  readonly since: number;
  readonly found: { readonly partition: number; readonly offset: number; readonly call: MissedCall }[];
  readonly resolve: (read: CallLogRead) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Reads through two consumer groups of this gateway instance (`<groupPrefix>.positions` for timestamp
 * lookups, `<groupPrefix>.scan` for reads), and the frames' own schema. An observer coming back after an
 * outage starts a catch-up for every charger at once: the reads waiting when a scan starts are served by
 * that one scan of the topic (from the earliest position any of them needs), not by one scan each.
 */
export function busChargerCallLog(deps: { readonly bus: EventBus; readonly serde: Serde; readonly groupPrefix: string }): ChargerCallLog {
  const { bus, serde } = deps;
  const topic = topics.ocppFrames;
  const positionsGroup = `${deps.groupPrefix}.positions`;
  const scanGroup = `${deps.groupPrefix}.scan`;
  // A group's position is set, then read: one lookup at a time.
  let lookups: Promise<unknown> = Promise.resolve();
  let waiting: CallsRequest[] = [];
  let scanning: Promise<void> | undefined;

  const recordFor = async (record: BusRecord, requests: readonly CallsRequest[]): Promise<void> => {
    if (record.value === null) return;
    const interested = requests.filter((request) => record.offset >= (request.starts.get(record.partition) ?? Number.POSITIVE_INFINITY));
    if (interested.length === 0) return;
    const { payload } = await serde.decode(topic, record.value);
    const frame = {
      upstream: payload.upstream,
      direction: payload.direction,
      messageType: payload.message_type,
      protocol: payload.protocol,
      text: payload.text,
      receivedAt: payload.received_at,
    };
    for (const request of interested) {
      const call = missedCallOf(frame, request.since);
      if (call !== null) request.found.push({ partition: record.partition, offset: record.offset, call });
    }
  };

  const scan = async (requests: readonly CallsRequest[]): Promise<void> => {
    const byCharger = new Map<string, CallsRequest[]>();
    for (const request of requests) byCharger.set(request.chargerId, [...(byCharger.get(request.chargerId) ?? []), request]);
    try {
      const ends = await bus.endOffsets(topic);
      const ranges = ends.map(({ partition, offset }) => ({
        partition,
        start: Math.min(offset, ...requests.map((request) => request.starts.get(partition) ?? offset)),
        end: offset,
      }));
      const outcome = await readRanges({
        bus,
        group: scanGroup,
        topic,
        ranges,
        signal: new AbortController().signal,
        onRecord: (record) => recordFor(record, byCharger.get(record.key) ?? []),
      });
      if (outcome.kind !== 'completed') {
        throw new SwitchyardError('gateway.catch-up-read', `could not read missed calls back from ${topic}`, {
          retriable: true,
          cause: outcome.kind === 'failed' ? outcome.error : undefined,
        });
      }
      for (const request of requests) {
        const calls = [...request.found].sort((a, b) => a.partition - b.partition || a.offset - b.offset).map(({ call }) => call);
        request.resolve({ calls, next: { offsets: ends } });
      }
    } catch (error) {
      for (const request of requests) request.reject(error);
    }
  };

  const scanWhileWaiting = async (): Promise<void> => {
    // The reads asked for in the same burst (every charger of a returning observer) join the first scan.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (waiting.length > 0) {
        const requests = waiting;
        waiting = [];
        await scan(requests);
      }
    } finally {
      scanning = undefined;
    }
  };

  return {
    positionAt(fromMs) {
      const lookup = lookups.then(async () => {
        const ranges = await rangesToEnd(bus, positionsGroup, topic, fromMs);
        return { offsets: ranges.map(({ partition, start }) => ({ partition, offset: start })) };
      });
      lookups = lookup.catch(() => undefined);
      return lookup;
    },
    callsFrom(chargerId, position, since) {
      return new Promise<CallLogRead>((resolve, reject) => {
        const starts = new Map(position.offsets.map(({ partition, offset }) => [partition, offset]));
        waiting.push({ chargerId, starts, since, found: [], resolve, reject });
        scanning ??= scanWhileWaiting();
      });
    },
  };
}
