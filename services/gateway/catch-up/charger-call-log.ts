import type { EventBus, PartitionOffset } from '../../core/bus/event-bus.ts';
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

/**
 * Reads through throwaway consumer groups (one per read, so concurrent catch-ups never share offsets)
 * and the frames' own schema. Each read scans the charger's partition from the position: cheap for an
 * observer that was down for minutes, not meant for days of backlog.
 */
export function busChargerCallLog(deps: { readonly bus: EventBus; readonly serde: Serde; readonly newGroup: () => string }): ChargerCallLog {
  const { bus, serde } = deps;
  const topic = topics.ocppFrames;
  return {
    async positionAt(fromMs) {
      const ranges = await rangesToEnd(bus, deps.newGroup(), topic, fromMs);
      return { offsets: ranges.map(({ partition, start }) => ({ partition, offset: start })) };
    },
    async callsFrom(chargerId, position, since) {
      const starts = new Map(position.offsets.map(({ partition, offset }) => [partition, offset]));
      const ends = await bus.endOffsets(topic);
      const ranges = ends.map(({ partition, offset }) => ({ partition, start: Math.min(starts.get(partition) ?? offset, offset), end: offset }));
      const found: { partition: number; offset: number; call: MissedCall }[] = [];
      const outcome = await readRanges({
        bus,
        group: deps.newGroup(),
        topic,
        ranges,
        signal: new AbortController().signal,
        onRecord: async (record) => {
          if (record.key !== chargerId || record.value === null) return;
          const { payload } = await serde.decode(topic, record.value);
          const call = missedCallOf(
            {
              upstream: payload.upstream,
              direction: payload.direction,
              messageType: payload.message_type,
              protocol: payload.protocol,
              text: payload.text,
              receivedAt: payload.received_at,
            },
            since,
          );
          if (call !== null) found.push({ partition: record.partition, offset: record.offset, call });
        },
      });
      if (outcome.kind !== 'completed') {
        throw new SwitchyardError('gateway.catch-up-read', `could not read the missed calls of ${chargerId} back from ${topic}`, {
          retriable: true,
          cause: outcome.kind === 'failed' ? outcome.error : undefined,
        });
      }
      found.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
      return { calls: found.map(({ call }) => call), next: { offsets: ends } };
    },
  };
}
