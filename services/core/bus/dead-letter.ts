import { describeError } from '../errors.ts';
import { deadLetterHeaders, deadLetterTopicOf, type AppendRequest, type BusRecord } from './event-bus.ts';

export interface DeadLetterContext {
  readonly group: string;
  /** Attempts made before giving up (1 for a non-retriable failure). */
  readonly attempts: number;
}

/**
 * The record a consumer appends to `<topic>.dlq` before moving its offset past a record it cannot handle:
 * same key, value and headers (so it can be replayed as is), plus headers saying why and where from.
 * The timestamp is left to the bus, so it says when the record was dead-lettered.
 */
export function deadLetterRequest(record: BusRecord, error: unknown, context: DeadLetterContext): AppendRequest {
  return {
    topic: deadLetterTopicOf(record.topic),
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [deadLetterHeaders.error]: describeError(error),
      [deadLetterHeaders.sourceTopic]: record.topic,
      [deadLetterHeaders.sourcePartition]: String(record.partition),
      [deadLetterHeaders.sourceOffset]: String(record.offset),
      [deadLetterHeaders.group]: context.group,
      [deadLetterHeaders.attempts]: String(context.attempts),
    },
  };
}
