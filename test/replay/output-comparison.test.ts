import { describe, expect, it } from 'vitest';
import {
  compareOutputs,
  encodingOnlyPath,
  planSwap,
  withParsedObject,
  type ComparableOutput,
  type OutputOutcome,
} from '../../services/replay/output-comparison.ts';
import { formatRebuildTables, rebuildReport } from '../../services/replay/rebuild-report.ts';

const output = (key: string, bytes: string, value: unknown, flags: string | null = null): ComparableOutput => ({ key, bytes, flags, value });
const keyed = (...outputs: ComparableOutput[]): Map<string, ComparableOutput> => new Map(outputs.map((entry) => [entry.key, entry]));

describe('compareOutputs', () => {
  it.each([
    { name: 'same bytes and flags', live: [output('k', 'AA', { a: 1 })], rebuilt: [output('k', 'AA', { a: 1 })], then: [['k', 'identical', []]] },
    {
      name: 'other bytes, decoded values differ',
      live: [output('k', 'AA', { payload: { kwh: 5, status: 'ACTIVE' } })],
      rebuilt: [output('k', 'AB', { payload: { kwh: 6, status: 'ACTIVE' } })],
      then: [['k', 'differs', ['$.payload.kwh']]],
    },
    {
      name: 'same bytes, other anomalies header',
      live: [output('k', 'AA', { a: 1 }, null)],
      rebuilt: [output('k', 'AA', { a: 1 }, '["meter went backwards"]')],
      then: [['k', 'differs', ['headers.flags']]],
    },
    { name: 'other bytes, equal values', live: [output('k', 'AA', { a: 1 })], rebuilt: [output('k', 'AB', { a: 1 })], then: [['k', 'differs', [encodingOnlyPath]]] },
    {
      name: 'a key on one side only, in key order',
      live: [output('b', 'AA', {})],
      rebuilt: [output('a', 'AA', {})],
      then: [
        ['a', 'only-rebuilt', []],
        ['b', 'only-live', []],
      ],
    },
    { name: 'both empty', live: [], rebuilt: [], then: [] },
  ] as const)('given $name', ({ live, rebuilt, then }) => {
    const outcomes = compareOutputs(keyed(...live), keyed(...rebuilt));
    expect(outcomes.map((outcome) => [outcome.key, outcome.verdict, outcome.differingPaths])).toEqual(then);
  });
});

describe('withParsedObject', () => {
  it.each([
    { name: 'a record with object_json', given: { envelope: {}, payload: { id: 'S1', object_json: '{"kwh":5}' } }, then: { envelope: {}, payload: { id: 'S1', object_json: { kwh: 5 } } } },
    { name: 'a record without', given: { payload: { id: 'S1' } }, then: { payload: { id: 'S1' } } },
    { name: 'not a record', given: 'text', then: 'text' },
  ] as const)('given $name', ({ given, then }) => {
    expect(withParsedObject(given)).toEqual(then);
  });
});

describe('planSwap', () => {
  const outcome = (key: string, verdict: OutputOutcome['verdict']): OutputOutcome => ({ key, verdict, differingPaths: [] });
  const outcomes = [outcome('same', 'identical'), outcome('changed', 'differs'), outcome('missing', 'only-rebuilt'), outcome('extra', 'only-live'), outcome('moved', 'differs')];
  const movedLive = new Set(['moved']);

  it.each([
    {
      name: 'a compacted topic (sessions)',
      kind: 'latest-per-key',
      then: { append: ['changed', 'missing'], kept: [{ key: 'moved', reason: 'the live topic changed this key after the rebuild started' }] },
    },
    {
      name: 'an immutable topic (CDRs)',
      kind: 'once-per-key',
      then: {
        append: ['missing'],
        kept: [
          { key: 'changed', reason: 'immutable record: correct it with a new record, not an edit' },
          { key: 'moved', reason: 'the live topic changed this key after the rebuild started' },
        ],
      },
    },
  ] as const)('given $name, appends the differing or missing keys the live topic has not changed since', ({ kind, then }) => {
    expect(planSwap(outcomes, kind, movedLive)).toEqual(then);
  });
});

describe('formatRebuildTables', () => {
  it('counts each verdict, then lists the keys of each verdict other than identical with their paths', () => {
    const live = keyed(output('NL/SWY/A', 'AA', { kwh: 1 }), output('NL/SWY/B', 'AA', { kwh: 1 }), output('NL/SWY/C', 'AA', { kwh: 1 }));
    const rebuilt = keyed(output('NL/SWY/A', 'AA', { kwh: 1 }), output('NL/SWY/B', 'AB', { kwh: 2 }), output('NL/SWY/D', 'AA', { kwh: 1 }));
    const outcomes = compareOutputs(live, rebuilt);
    const report = rebuildReport({
      header: {
        jobId: 'rebuild-1',
        projector: 'sessions',
        outputTopic: 'switchyard.sessions',
        from: null,
        pinnedAt: '2026-01-01T00:00:00.000Z',
        inputs: [],
        inputsRead: 10,
        inputsUnused: 0,
        inputsRejected: 0,
        swap: null,
      },
      outcomes,
      live,
      rebuilt,
    });
    expect(report).toMatchObject({ liveRecords: 3, rebuiltRecords: 3, counts: { identical: 1, differs: 1, 'only-live': 1, 'only-rebuilt': 1 } });
    expect(report.outcomes.find((entry) => entry.key === 'NL/SWY/B')).toEqual({ key: 'NL/SWY/B', verdict: 'differs', differingPaths: ['$.kwh'], live: { kwh: 1 }, rebuilt: { kwh: 2 } });
    expect(formatRebuildTables(report)).toBe(
      [
        'switchyard.sessions  keys  differing paths',
        'identical            1',
        'differs              1     $.kwh (1)',
        'only-live            1',
        'only-rebuilt         1',
        '',
        'differs (1)',
        'key       differing paths',
        'NL/SWY/B  $.kwh',
        '',
        'only-live (1)',
        'key',
        'NL/SWY/C',
        '',
        'only-rebuilt (1)',
        'key',
        'NL/SWY/D',
        '',
      ].join('\n'),
    );
  });
});
