import { describe, expect, it } from 'vitest';
import type { ArchiveRow } from '../../services/history/archive-row.ts';
import { PendingArchive } from '../../services/history/pending-archive.ts';
import { eventIdEncoding, eventIdsOf } from './support/event-id-encoding.ts';

type Step =
  | { readonly kind: 'add'; readonly partition: number; readonly offset: number; readonly rows: readonly ArchiveRow[] }
  | { readonly kind: 'handledBefore'; readonly partition: number; readonly offset: number }
  | { readonly kind: 'takeAndRestore' };

const frame = (id: string): ArchiveRow => ({ table: 'ocpp_frames', values: { event_id: id } });
const event = (id: string): ArchiveRow => ({ table: 'ocpp_events', values: { event_id: id } });

function apply(pending: PendingArchive, step: Step): void {
  switch (step.kind) {
    case 'add':
      pending.add(step.partition, step.offset, step.rows);
      return;
    case 'handledBefore':
      pending.handledBefore(step.partition, step.offset);
      return;
    case 'takeAndRestore':
      pending.restore(pending.take());
      return;
    default: {
      const unknown: never = step;
      throw new Error(`unknown step ${JSON.stringify(unknown)}`);
    }
  }
}

const cases: readonly {
  readonly given: string;
  readonly steps: readonly Step[];
  readonly rows: Record<string, readonly string[]>;
  readonly positions: readonly [number, number][];
}[] = [
  {
    given: 'records of two partitions',
    steps: [
      { kind: 'add', partition: 0, offset: 4, rows: [frame('a')] },
      { kind: 'add', partition: 3, offset: 9, rows: [frame('b')] },
      { kind: 'add', partition: 0, offset: 5, rows: [frame('c')] },
    ],
    rows: { ocpp_frames: ['a', 'b', 'c'] },
    positions: [[0, 6], [3, 10]],
  },
  {
    given: 'a record that made two tables\' rows',
    steps: [{ kind: 'add', partition: 1, offset: 0, rows: [event('a'), { table: 'connection_events', values: { event_id: 'a' } }] }],
    rows: { ocpp_events: ['a'], connection_events: ['a'] },
    positions: [[1, 1]],
  },
  {
    given: 'a dead-lettered record (handled before the next, no rows)',
    steps: [
      { kind: 'add', partition: 0, offset: 0, rows: [event('a')] },
      { kind: 'handledBefore', partition: 0, offset: 1 },
      { kind: 'handledBefore', partition: 0, offset: 2 },
      { kind: 'add', partition: 0, offset: 2, rows: [event('c')] },
    ],
    rows: { ocpp_events: ['a', 'c'] },
    positions: [[0, 3]],
  },
  {
    given: 'a redelivered record (a retry hands it over again)',
    steps: [
      { kind: 'handledBefore', partition: 0, offset: 7 },
      { kind: 'add', partition: 0, offset: 7, rows: [event('a')] },
      { kind: 'handledBefore', partition: 0, offset: 7 },
    ],
    rows: { ocpp_events: ['a'] },
    positions: [[0, 8]],
  },
  {
    given: 'a failed batch put back before what arrived since',
    steps: [
      { kind: 'add', partition: 0, offset: 0, rows: [frame('a')] },
      { kind: 'takeAndRestore' },
      { kind: 'add', partition: 0, offset: 1, rows: [frame('b')] },
    ],
    rows: { ocpp_frames: ['a', 'b'] },
    positions: [[0, 2]],
  },
];

describe('PendingArchive', () => {
  it.each(cases)('given $given, the batch holds its rows in order and the next offset per partition', ({ steps, rows, positions }) => {
    const pending = new PendingArchive('group', 'topic', eventIdEncoding());
    for (const step of steps) apply(pending, step);

    const batch = pending.take();

    expect(Object.fromEntries([...batch.rows].map(([table, values]) => [table, eventIdsOf(values)]))).toEqual(rows);
    expect(batch.positions.map(({ partition, offset }) => [partition, offset])).toEqual(positions);
    expect(batch.rowCount).toBe(Object.values(rows).flat().length);
    expect(pending.isEmpty).toBe(true);
  });

  it('given a record with a row its table has no column for, takes none of its rows and throws a non-retriable error', () => {
    const pending = new PendingArchive('group', 'topic', eventIdEncoding());
    pending.add(0, 0, [frame('a')]);

    const adding = () => pending.add(0, 1, [frame('b'), { table: 'ocpp_frames', values: { event_id: 'c', charger: 'CP-1' } }]);

    expect(adding).toThrow(expect.objectContaining({ code: 'clickhouse.unknown_column', retriable: false }));
    const batch = pending.take();
    const frames = batch.rows.get('ocpp_frames');
    expect(frames === undefined ? [] : eventIdsOf(frames)).toEqual(['a']);
    expect(batch.positions).toEqual([{ partition: 0, offset: 1 }]);
  });
});
