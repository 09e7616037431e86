import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors.ts';
import { backoffDelayMs, decideAfterFailure, type FailureDecision } from './backoff.ts';
import type { RetryPolicy } from './event-bus.ts';

const policy: RetryPolicy = { initialBackoffMs: 100, maxBackoffMs: 1_000, maxAttempts: 4 };
const transient = new SwitchyardError('downstream.busy', 'busy', { retriable: true });
const poison = new SwitchyardError('frame.invalid', 'bad frame', { retriable: false });

describe('backoffDelayMs', () => {
  const table: ReadonlyArray<readonly [failedAttempts: number, expectedMs: number]> = [
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1_000],
    [2_000, 1_000],
  ];
  it.each(table)('given %i failed attempts, waits %i ms', (failedAttempts, expectedMs) => {
    expect(backoffDelayMs(policy, failedAttempts)).toBe(expectedMs);
  });
});

describe('decideAfterFailure', () => {
  const table: ReadonlyArray<readonly [string, unknown, number, FailureDecision]> = [
    ['a retriable error after the first attempt', transient, 1, { kind: 'retry', delayMs: 100 }],
    ['a retriable error with one attempt left', transient, 3, { kind: 'retry', delayMs: 400 }],
    ['a retriable error with attempts exhausted', transient, 4, { kind: 'dead-letter' }],
    ['a non-retriable error', poison, 1, { kind: 'dead-letter' }],
    ['an unknown error (a bug)', new TypeError('x is undefined'), 1, { kind: 'dead-letter' }],
  ];
  it.each(table)('given %s, decides accordingly', (_, error, failedAttempts, expected) => {
    expect(decideAfterFailure(policy, error, failedAttempts)).toEqual(expected);
  });
});
