import { describe, expect, it } from 'vitest';
import type { AppendRequest, TopicSpec } from '../event-bus.ts';
import { appendProblem } from './append-validation.ts';

const compacted: TopicSpec = { name: 'switchyard.chargers', partitions: 1, cleanupPolicy: 'compact', retentionMs: -1 };
const deleted: TopicSpec = { name: 'switchyard.ocpp.frames', partitions: 12, cleanupPolicy: 'delete', retentionMs: -1 };
const valid: AppendRequest = { topic: 'x', key: 'CP-1', value: new Uint8Array([1]) };

describe('appendProblem', () => {
  const table: ReadonlyArray<readonly [string, AppendRequest, TopicSpec, string | undefined]> = [
    ['a plain record', valid, deleted, undefined],
    ['a tombstone on a compacted topic', { ...valid, value: null }, compacted, undefined],
    ['a NUL in a key of a delete topic', { ...valid, key: 'a\u0000b' }, deleted, undefined],
    ['a NUL in a compacted key', { ...valid, key: 'a\u0000b' }, compacted, 'a compacted topic key cannot contain U+0000 or U+10FFFF'],
    ['a huge compacted key', { ...valid, key: 'k'.repeat(1_001) }, compacted, 'a compacted topic key is limited to 1000 bytes'],
    ['a string value', { ...valid, value: 'text' as unknown as Uint8Array }, deleted, 'the value must be bytes or null'],
    ['a NaN timestamp', { ...valid, timestamp: Number.NaN }, deleted, 'the timestamp must be finite'],
    ['a numeric header', { ...valid, headers: { n: 1 as unknown as string } }, deleted, 'header n must be a string'],
  ];
  it.each(table)('given %s', (_, request, spec, expected) => {
    expect(appendProblem(request, spec)).toBe(expected);
  });
});
