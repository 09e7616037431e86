import { decideAfterFailure } from './backoff.ts';
import { BatchFailure, type BatchHandler, type BusRecord, type RecordHandler, type RetryPolicy, type SubscribeOptions } from './event-bus.ts';

/** Interrupted: the member stopped (or lost the partition) while waiting to retry or to dead-letter. */
export type DeliveryOutcome = 'handled' | 'interrupted';

/** What one adapter lends to `deliverBatch`: the handler, the policy, and its own waiting and dead-lettering. */
export interface BatchDelivery {
  readonly handle: BatchHandler;
  readonly policy: RetryPolicy;
  /** Every record of the batch before `nextOffset` is handled or dead-lettered; called in offset order. */
  readonly handled: (nextOffset: number) => void;
  /** Waits before retrying `failed`; false when the member stopped meanwhile. */
  readonly pause: (delayMs: number, failed: BusRecord, error: unknown, attempts: number) => Promise<boolean>;
  /** Appends `failed` to its dead-letter topic; false when the member stopped before that was durable. */
  readonly deadLetter: (failed: BusRecord, error: unknown, attempts: number) => Promise<boolean>;
}

/**
 * Hands `records` (one partition, offset order) to the handler until every one is handled or
 * dead-lettered. After a failure the records the handler finished count as handled, the failed one is
 * retried (with the rest after it) or dead-lettered as the policy decides, and the rest follow.
 */
export async function deliverBatch(delivery: BatchDelivery, records: readonly BusRecord[]): Promise<DeliveryOutcome> {
  let rest = records;
  let attempts = 0;
  while (rest.length > 0) {
    try {
      await delivery.handle(rest);
      delivery.handled(offsetAfter(rest, rest.length));
      return 'handled';
    } catch (thrown) {
      const { handledCount, cause } = failureOf(thrown, rest.length);
      if (handledCount > 0) {
        delivery.handled(offsetAfter(rest, handledCount));
        rest = rest.slice(handledCount);
        attempts = 0;
      }
      const [failed] = rest;
      if (failed === undefined) return 'handled';
      attempts += 1;
      const decision = decideAfterFailure(delivery.policy, cause, attempts);
      switch (decision.kind) {
        case 'retry':
          if (!(await delivery.pause(decision.delayMs, failed, cause, attempts))) return 'interrupted';
          break;
        case 'dead-letter':
          if (!(await delivery.deadLetter(failed, cause, attempts))) return 'interrupted';
          delivery.handled(failed.offset + 1);
          rest = rest.slice(1);
          attempts = 0;
          break;
        default: {
          const unexpected: never = decision;
          throw new Error(`unknown failure decision ${JSON.stringify(unexpected)}`);
        }
      }
    }
  }
  return 'handled';
}

/**
 * The records one handler call gets: the whole fetch for a batch handler; one at a time for a record
 * handler, so a member stops, heartbeats and commits between records as it always did.
 */
export function* handlerUnits(options: SubscribeOptions, records: readonly BusRecord[]): Generator<readonly BusRecord[]> {
  if (records.length === 0) return;
  if (options.batchHandler !== undefined) {
    yield records;
    return;
  }
  for (const record of records) yield [record];
}

/** A record handler as a batch handler: the adapters run one delivery path for both kinds. */
export function batchHandlerOf(options: SubscribeOptions): BatchHandler {
  if (options.batchHandler !== undefined) return options.batchHandler;
  const { handler } = options;
  // Record handlers get units of one (handlerUnits): no extra promise per record for those.
  return (records) => {
    const [first] = records;
    return records.length === 1 && first !== undefined ? handler(first) : handleInTurn(handler, records);
  };
}

async function handleInTurn(handler: RecordHandler, records: readonly BusRecord[]): Promise<void> {
  for (const [index, record] of records.entries()) {
    try {
      await handler(record);
    } catch (error) {
      throw index === 0 ? error : new BatchFailure(index, error);
    }
  }
}

/** A failure the handler did not describe as a BatchFailure is the first record's. */
function failureOf(thrown: unknown, size: number): { readonly handledCount: number; readonly cause: unknown } {
  if (!(thrown instanceof BatchFailure)) return { handledCount: 0, cause: thrown };
  // Claiming to have finished every record and still failing is a handler bug: blame its last record.
  const claimed = Number.isFinite(thrown.handledCount) ? Math.trunc(thrown.handledCount) : 0;
  const handledCount = Math.min(Math.max(0, claimed), size - 1);
  return { handledCount, cause: thrown.cause };
}

function offsetAfter(records: readonly BusRecord[], count: number): number {
  const last = records[count - 1];
  if (last === undefined) throw new Error(`no record ${count - 1} in a batch of ${records.length}`);
  return last.offset + 1;
}
