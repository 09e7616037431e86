import type { AppendRequest, TopicSpec } from '../event-bus.ts';
import { afterEveryKey } from './log-store.ts';

/** lmdb keys are at most 1978 bytes; a compacted topic's key index key holds the topic and the key. */
const maxIndexedKeyBytes = 1_000;
const utf8 = new TextEncoder();

/**
 * Why the embedded log would refuse this record, or undefined when it is fine. Checked before a batch is
 * written so that one bad record cannot half-write a group commit.
 */
export function appendProblem(request: AppendRequest, spec: TopicSpec): string | undefined {
  if (typeof request.key !== 'string') return 'the key must be a string';
  if (request.value !== null && !(request.value instanceof Uint8Array)) return 'the value must be bytes or null';
  if (request.timestamp !== undefined && !Number.isFinite(request.timestamp)) return 'the timestamp must be finite';
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (typeof value !== 'string') return `header ${name} must be a string`;
  }
  if (spec.cleanupPolicy === 'compact') {
    if (request.key.includes('\u0000') || request.key.includes(afterEveryKey)) {
      return 'a compacted topic key cannot contain U+0000 or U+10FFFF';
    }
    if (utf8.encode(request.key).length > maxIndexedKeyBytes) {
      return `a compacted topic key is limited to ${maxIndexedKeyBytes} bytes`;
    }
  }
  return undefined;
}
