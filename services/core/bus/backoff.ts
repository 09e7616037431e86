import { isRetriable } from '../errors.ts';
import type { RetryPolicy } from './event-bus.ts';

/** What a consumer does after its handler failed on a record. */
export type FailureDecision =
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'dead-letter' };

/**
 * Exponential backoff, doubling from `initialBackoffMs` and capped at `maxBackoffMs`.
 * `failedAttempts` counts the attempts made so far (1 after the first failure).
 */
export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const doublings = Math.max(0, failedAttempts - 1);
  // 2^doublings overflows to Infinity long after the cap applies, so Math.min keeps it finite.
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** doublings);
}

/**
 * Retriable errors are retried until `maxAttempts` attempts were made; anything else (a bug, a poison
 * record) goes to the dead-letter topic straight away, because retrying it cannot help.
 */
export function decideAfterFailure(policy: RetryPolicy, error: unknown, failedAttempts: number): FailureDecision {
  if (isRetriable(error) && failedAttempts < policy.maxAttempts) {
    return { kind: 'retry', delayMs: backoffDelayMs(policy, failedAttempts) };
  }
  return { kind: 'dead-letter' };
}
