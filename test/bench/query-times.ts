import type { ClickHouse } from '../../services/core/clickhouse/clickhouse.ts';

export interface QueryTimes {
  readonly bestMs: number;
  readonly worstMs: number;
  /** Rows the query returned (on its last run). */
  readonly rows: number;
}

/** Runs an analyst query `runs` times, one after another, and keeps the fastest and slowest. */
export async function timeQuery(clickhouse: ClickHouse, sql: string, runs: number): Promise<QueryTimes> {
  const times: number[] = [];
  let rows = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    rows = (await clickhouse.query(sql)).length;
    times.push(performance.now() - started);
  }
  return { bestMs: Math.min(...times), worstMs: Math.max(...times), rows };
}
