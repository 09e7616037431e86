import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { createEventIdGenerator } from './event-id.ts';

const start = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('event id generator', () => {
  it.each([
    { given: 'many ids in one millisecond', steps: [0, 0, 0, 0, 0] },
    { given: 'ids across milliseconds', steps: [0, 1, 1, 7, 1_000] },
    { given: 'a clock stepping back', steps: [0, 3, -2_000, 0, 1] },
  ])('given $given, then every id is a valid ULID, unique and sorted in the order made', ({ steps }) => {
    const clock = fixedClock(start);
    const nextId = createEventIdGenerator(clock);
    const ids = steps.map((step) => {
      clock.advance(step);
      return nextId();
    });
    for (const id of ids) expect(isValid(id)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the time it is given and keeps increasing through 100k ids in one millisecond', () => {
    const nextId = createEventIdGenerator(fixedClock(start));
    expect(decodeTime(nextId(start + 42))).toBe(start + 42);
    const ids = Array.from({ length: 100_000 }, () => nextId());
    const outOfOrder = ids.filter((id, index) => index > 0 && id <= (ids[index - 1] as string));
    expect(outOfOrder).toEqual([]);
  });

  it('gives two generators in the same millisecond different ids', () => {
    const first = createEventIdGenerator(fixedClock(start));
    const second = createEventIdGenerator(fixedClock(start));
    const ids = new Set(Array.from({ length: 1_000 }, () => [first(), second()]).flat());
    expect(ids.size).toBe(2_000);
  });

  it.each([{ time: -1 }, { time: 1.5 }, { time: 2 ** 48 }])('refuses the time $time', ({ time }) => {
    expect(() => createEventIdGenerator(fixedClock(start))(time)).toThrow(RangeError);
  });
});
