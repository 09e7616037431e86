import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors.ts';
import { deliverBatch, type DeliveryOutcome } from './batch-delivery.ts';
import { BatchFailure, type BusRecord, type RetryPolicy } from './event-bus.ts';

const policy: RetryPolicy = { initialBackoffMs: 1, maxBackoffMs: 1, maxAttempts: 3 };

/** retriable/permanent: a BatchFailure at the record; plain: a bare non-retriable error (blames the call's first record). */
type Failure = 'retriable' | 'permanent' | 'plain';

interface Case {
  readonly failures: Readonly<Record<number, readonly Failure[]>>;
  readonly stopsWhilePausing?: boolean;
  /** Offsets each handler call got, as 'first-last'. */
  readonly calls: readonly string[];
  readonly handled: readonly number[];
  readonly deadLetters: readonly string[];
  readonly outcome: DeliveryOutcome;
}

const records: readonly BusRecord[] = [0, 1, 2, 3].map((offset) => ({
  topic: 't',
  partition: 0,
  offset,
  key: 'k',
  value: null,
  headers: {},
  timestamp: 0,
}));

function errorOf(failure: Failure): SwitchyardError {
  return new SwitchyardError(`test.${failure}`, failure, { retriable: failure === 'retriable' });
}

async function run(given: Case): Promise<Omit<Case, 'failures' | 'stopsWhilePausing'>> {
  const left = new Map(Object.entries(given.failures).map(([offset, failures]) => [Number(offset), [...failures]]));
  const calls: string[] = [];
  const handled: number[] = [];
  const deadLetters: string[] = [];
  const outcome = await deliverBatch(
    {
      policy,
      handle: async (batch) => {
        calls.push(`${batch[0]?.offset}-${batch.at(-1)?.offset}`);
        for (const [index, record] of batch.entries()) {
          const failure = left.get(record.offset)?.shift();
          if (failure === undefined) continue;
          throw failure === 'plain' ? errorOf(failure) : new BatchFailure(index, errorOf(failure));
        }
      },
      handled: (nextOffset) => handled.push(nextOffset),
      pause: async () => given.stopsWhilePausing !== true,
      deadLetter: async (failed, _error, attempts) => {
        deadLetters.push(`${failed.offset} after ${attempts}`);
        return true;
      },
    },
    records,
  );
  return { calls, handled, deadLetters, outcome };
}

describe('deliverBatch', () => {
  const table: ReadonlyArray<readonly [string, Case]> = [
    ['no failure', { failures: {}, calls: ['0-3'], handled: [4], deadLetters: [], outcome: 'handled' }],
    [
      'a retriable failure at record 2',
      { failures: { 2: ['retriable'] }, calls: ['0-3', '2-3'], handled: [2, 4], deadLetters: [], outcome: 'handled' },
    ],
    [
      'a permanent failure at record 1',
      { failures: { 1: ['permanent'] }, calls: ['0-3', '2-3'], handled: [1, 2, 4], deadLetters: ['1 after 1'], outcome: 'handled' },
    ],
    [
      'retriable failures at record 0 beyond the attempts',
      {
        failures: { 0: ['retriable', 'retriable', 'retriable'] },
        calls: ['0-3', '0-3', '0-3', '1-3'],
        handled: [1, 4],
        deadLetters: ['0 after 3'],
        outcome: 'handled',
      },
    ],
    [
      'attempts counted afresh once a later record fails',
      {
        failures: { 1: ['retriable', 'retriable'], 2: ['retriable', 'retriable'] },
        calls: ['0-3', '1-3', '1-3', '2-3', '2-3'],
        handled: [1, 2, 4],
        deadLetters: [],
        outcome: 'handled',
      },
    ],
    [
      'a bare error, which fails the first record of the call',
      { failures: { 0: ['plain'] }, calls: ['0-3', '1-3'], handled: [1, 4], deadLetters: ['0 after 1'], outcome: 'handled' },
    ],
    [
      'a stop while waiting to retry record 2',
      { failures: { 2: ['retriable'] }, stopsWhilePausing: true, calls: ['0-3'], handled: [2], deadLetters: [], outcome: 'interrupted' },
    ],
  ];
  it.each(table)('given %s, hands over, commits and dead-letters accordingly', async (_, given) => {
    const { failures: _failures, stopsWhilePausing: _stops, ...expected } = given;
    expect(await run(given)).toEqual(expected);
  });
});
