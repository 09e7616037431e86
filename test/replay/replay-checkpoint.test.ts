import { describe, expect, it } from 'vitest';
import {
  advanceExport,
  answeredCalls,
  jobIdOf,
  recordsDone,
  remainingRanges,
  type ExportCheckpoint,
  type FeedCheckpoint,
} from '../../services/replay/replay-checkpoint.ts';
import { RateSchedule } from '../../services/replay/rate-limiter.ts';
import { targetsLiveEdge } from '../../services/replay/live-target.ts';

const fresh: ExportCheckpoint = {
  kind: 'export',
  jobId: 'export-1',
  topic: 't',
  window: { fromMs: 0, toMs: 10 },
  ranges: [
    { partition: 0, start: 10, end: 20 },
    { partition: 3, start: 0, end: 2 },
  ],
  positions: {},
  outputBytes: 0,
  exported: 0,
  done: false,
};

describe('export checkpoint', () => {
  it.each([
    { name: 'a fresh job', given: fresh, then: { remaining: fresh.ranges, done: 0 } },
    {
      name: 'partition 0 half done',
      given: advanceExport(fresh, 0, 15, 100),
      then: { remaining: [{ partition: 0, start: 15, end: 20 }, { partition: 3, start: 0, end: 2 }], done: 5 },
    },
    {
      name: 'partition 3 finished',
      given: advanceExport(advanceExport(fresh, 3, 1, 10), 3, 2, 0),
      then: { remaining: [{ partition: 0, start: 10, end: 20 }], done: 2 },
    },
  ])('given $name, then the ranges left and records done are', ({ given, then }) => {
    expect(remainingRanges(given)).toEqual(then.remaining);
    expect(recordsDone(given)).toBe(then.done);
  });

  it('given written and skipped records, counts bytes and exported records', () => {
    const after = advanceExport(advanceExport(fresh, 0, 11, 40), 0, 12, 0);
    expect(after).toMatchObject({ outputBytes: 40, exported: 1, positions: { '0': 12 } });
  });
});

describe('feed checkpoint', () => {
  it('given recorded outcomes, then those calls count as answered', () => {
    const checkpoint: FeedCheckpoint = {
      kind: 'feed',
      jobId: 'feed-1',
      topic: 't',
      window: { fromMs: 0, toMs: 1 },
      ranges: [],
      done: false,
      outcomes: [
        { chargerId: 'CP-1', sequence: 0, action: 'Heartbeat', originalMessageId: 'a', recorded: null, actual: null, verdict: 'unrecorded', differingPaths: [] },
        { chargerId: 'CP-2', sequence: 4, action: 'Heartbeat', originalMessageId: 'b', recorded: null, actual: null, verdict: 'unrecorded', differingPaths: [] },
      ],
    };
    expect([...answeredCalls(checkpoint)]).toEqual(['CP-1#0', 'CP-2#4']);
  });
});

describe('jobIdOf', () => {
  it.each([
    { name: 'argument order does not matter', a: { x: '1', y: '2' }, b: { y: '2', x: '1' }, same: true },
    { name: 'another value is another job', a: { x: '1' }, b: { x: '2' }, same: false },
    { name: 'an absent option differs from a given one', a: { x: '1', to: undefined }, b: { x: '1', to: '2026-01-01' }, same: false },
  ])('given $name', ({ a, b, same }) => {
    expect(jobIdOf('export', a) === jobIdOf('export', b)).toBe(same);
    expect(jobIdOf('export', a)).toMatch(/^export-[0-9a-f]{12}$/);
  });
});

describe('RateSchedule', () => {
  it.each([
    { name: 'no limit', rate: undefined, asks: [0, 0, 0], then: [0, 0, 0] },
    { name: '10/s spaces sends 100 ms apart', rate: 10, asks: [0, 0, 0], then: [0, 100, 200] },
    { name: 'an idle gap is not saved up', rate: 10, asks: [0, 500, 500], then: [0, 500, 600] },
  ])('given $name, asks at $asks get slots $then', ({ rate, asks, then }) => {
    const schedule = new RateSchedule(rate);
    expect(asks.map((now) => schedule.reserve(now))).toEqual(then);
  });
});

describe('targetsLiveEdge', () => {
  it.each([
    { target: 'ws://127.0.0.1:8180/ocpp', edge: { host: '127.0.0.1', port: 8180 }, then: true },
    { target: 'ws://localhost:8180/ocpp', edge: { host: '0.0.0.0', port: 8180 }, then: true },
    { target: 'ws://127.0.0.1:9000/ocpp', edge: { host: '127.0.0.1', port: 8180 }, then: false },
    { target: 'ws://csms.example:8180/ocpp', edge: { host: '127.0.0.1', port: 8180 }, then: false },
    { target: 'ws://edge.internal:8180/ocpp', edge: { host: 'edge.internal', port: 8180 }, then: true },
    { target: 'wss://csms.example/ocpp', edge: { host: '0.0.0.0', port: 443 }, then: false },
    { target: 'not a url', edge: { host: '127.0.0.1', port: 8180 }, then: false },
  ])('given $target and an edge on $edge.host:$edge.port, then $then', ({ target, edge, then }) => {
    expect(targetsLiveEdge(target, edge)).toBe(then);
  });
});
