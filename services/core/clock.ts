/** Wall-clock access goes through this port so pure code and tests can pin time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(epochMs: number): Clock & { advance(ms: number): void } {
  let current = epochMs;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
  };
}
