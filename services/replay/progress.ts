/** How a replay job shows its progress; the CLI draws bars on stderr, tests watch the counts. */
export interface Progress {
  start(label: string, total: number, done: number): void;
  advance(count: number): void;
  stop(): void;
}

export const silentProgress: Progress = {
  start: () => undefined,
  advance: () => undefined,
  stop: () => undefined,
};
