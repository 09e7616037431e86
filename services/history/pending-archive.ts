import type { PartitionOffset } from '../core/bus/event-bus.ts';
import type { Row } from '../core/clickhouse/clickhouse.ts';
import type { ArchiveRow, ArchiveTable } from './archive-row.ts';
import type { ArchiveBatch } from './archive-store.ts';

/** The rows and partition positions accepted since the last batch was taken. */
export class PendingArchive {
  private rows = new Map<ArchiveTable, Row[]>();
  private positions = new Map<number, number>();
  private count = 0;

  constructor(
    private readonly group: string,
    private readonly topic: string,
  ) {}

  get rowCount(): number {
    return this.count;
  }

  get isEmpty(): boolean {
    return this.positions.size === 0;
  }

  /** Records of `partition` before `offset` are done (archived or dead-lettered by the bus). */
  handledBefore(partition: number, offset: number): void {
    this.positions.set(partition, Math.max(this.positions.get(partition) ?? 0, offset));
  }

  add(partition: number, offset: number, rows: readonly ArchiveRow[]): void {
    for (const row of rows) {
      const tableRows = this.rows.get(row.table);
      if (tableRows === undefined) this.rows.set(row.table, [row.values]);
      else tableRows.push(row.values);
    }
    this.count += rows.length;
    this.handledBefore(partition, offset + 1);
  }

  take(): ArchiveBatch {
    const batch: ArchiveBatch = {
      group: this.group,
      topic: this.topic,
      rows: this.rows,
      rowCount: this.count,
      positions: [...this.positions].map(([partition, offset]): PartitionOffset => ({ partition, offset })),
    };
    this.rows = new Map();
    this.positions = new Map();
    this.count = 0;
    return batch;
  }

  /** Puts a batch whose write failed back in front of what arrived since, so nothing is lost or reordered. */
  restore(batch: ArchiveBatch): void {
    const later = this.rows;
    this.rows = new Map([...batch.rows].map(([table, rows]) => [table, [...rows]]));
    for (const [table, rows] of later) {
      const earlier = this.rows.get(table);
      if (earlier === undefined) this.rows.set(table, rows);
      else earlier.push(...rows);
    }
    this.count += batch.rowCount;
    for (const { partition, offset } of batch.positions) this.handledBefore(partition, offset);
  }
}
