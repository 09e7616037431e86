import type { PartitionOffset } from '../core/bus/event-bus.ts';
import type { ClickHouse } from '../core/clickhouse/clickhouse.ts';
import type { Clock } from '../core/clock.ts';
import { avroContainerFile } from '../core/serde/avro-container-file.ts';
import type { ArchiveBatch, ArchiveStore } from './archive-store.ts';

const checkpointTable = 'history_checkpoints';

/**
 * The archive tables collapse duplicates by event id when parts merge and under FINAL (history_checkpoints
 * keeps the highest offset, and readers take max() anyway), so collapsing them once more inside each
 * inserted block (optimize_on_insert) only costs: a quarter to a third of chDB's INSERT CPU (table
 * "chDB alone" in test/bench/results/history.md).
 */
const archiveInsertSettings = { optimize_on_insert: 0 } as const;

/**
 * The archive in ClickHouse: rows into their tables, then the batch's positions into history_checkpoints
 * (migration 0004). A crash between the two only means the rows are written again on restart, and the
 * ReplacingMergeTree tables collapse them by event id.
 */
export function clickHouseArchiveStore(deps: { readonly clickhouse: ClickHouse; readonly clock: Clock }): ArchiveStore {
  const { clickhouse, clock } = deps;
  return {
    async write(batch: ArchiveBatch) {
      for (const [table, rows] of batch.rows) await clickhouse.insertTabSeparated(table, rows, { settings: archiveInsertSettings });
      for (const { plan, chunks, count } of batch.bodies) {
        const input = { format: 'Avro', structure: plan.structure, chunks: avroContainerFile(plan.writerSchema, { chunks, count }) } as const;
        await clickhouse.insertSelect(plan.table, plan.columns, input, { settings: archiveInsertSettings });
      }
      const savedAt = clock.now();
      await clickhouse.insert(
        checkpointTable,
        batch.positions.map(({ partition, offset }) => ({
          consumer_group: batch.group,
          topic: batch.topic,
          partition,
          next_offset: offset,
          saved_at: savedAt,
        })),
        // The same settings as the rows, or the chDB session would reset the setting before each checkpoint.
        { settings: archiveInsertSettings },
      );
    },
    async archivedPositions(group: string, topic: string): Promise<PartitionOffset[]> {
      const rows = await clickhouse.query<{ partition: number; next_offset: string }>(
        `SELECT partition, max(next_offset) AS next_offset FROM ${checkpointTable}
         WHERE consumer_group = {group:String} AND topic = {topic:String}
         GROUP BY partition ORDER BY partition`,
        { params: { group, topic } },
      );
      return rows.map((row) => ({ partition: Number(row.partition), offset: Number(row.next_offset) }));
    },
  };
}
