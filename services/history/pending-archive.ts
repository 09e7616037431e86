import type { PartitionOffset } from '../core/bus/event-bus.ts';
import type { TabSeparatedRows } from '../core/clickhouse/clickhouse.ts';
import { ChunkedBytes } from '../core/clickhouse/chunked-bytes.ts';
import { TabSeparatedBuffer } from '../core/clickhouse/tab-separated-rows.ts';
import type { ArchiveEncoding } from './archive-encoding.ts';
import type { ArchiveRow, ArchiveTable } from './archive-row.ts';
import type { ArchiveBatch, AvroBodies } from './archive-store.ts';
import type { AvroInsertPlan } from './avro-columns.ts';

/** The rows (encoded as they arrive) and partition positions accepted since the last batch was taken. */
export class PendingArchive {
  private tables = new Map<ArchiveTable, TabSeparatedBuffer>();
  private bodies = new Map<AvroInsertPlan, ChunkedBytes>();
  private positions = new Map<number, number>();
  private count = 0;

  constructor(
    private readonly group: string,
    private readonly topic: string,
    private readonly encoding: ArchiveEncoding,
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

  /** Throws, having taken none of them, when a row cannot be encoded (a mapping bug: not retriable). */
  add(partition: number, offset: number, rows: readonly ArchiveRow[]): void {
    const [only] = rows;
    // Most records make one row: encoding it first is enough to take none when it fails.
    if (rows.length === 1 && only !== undefined) {
      const layout = this.encoding.layoutOf(only.table, only.values);
      const line = layout.line(only.values);
      this.bufferOf(only.table, layout.columns).appendLine(line);
    } else {
      this.appendAll(rows);
    }
    this.count += rows.length;
    this.handledBefore(partition, offset + 1);
  }

  /** A record archived as written: its Avro body, inserted by the plan of its writer schema. */
  addBody(partition: number, offset: number, plan: AvroInsertPlan, body: Uint8Array): void {
    this.bodiesOf(plan).appendBytes(body);
    this.count += 1;
    this.handledBefore(partition, offset + 1);
  }

  take(): ArchiveBatch {
    const batch: ArchiveBatch = {
      group: this.group,
      topic: this.topic,
      rows: new Map([...this.tables].map(([table, buffer]): [ArchiveTable, TabSeparatedRows] => [table, buffer.rows()])),
      bodies: [...this.bodies].map(([plan, bytes]): AvroBodies => ({ plan, chunks: bytes.chunks(), count: bytes.count })),
      rowCount: this.count,
      positions: [...this.positions].map(([partition, offset]): PartitionOffset => ({ partition, offset })),
    };
    this.tables = new Map();
    this.bodies = new Map();
    this.positions = new Map();
    this.count = 0;
    return batch;
  }

  /** Puts a batch whose write failed back in front of what arrived since, so nothing is lost or reordered. */
  restore(batch: ArchiveBatch): void {
    const later = this.tables;
    const laterBodies = this.bodies;
    this.tables = new Map();
    this.bodies = new Map();
    for (const [table, rows] of batch.rows) this.bufferOf(table, rows.columns).appendRows(rows);
    for (const [table, buffer] of later) this.bufferOf(table, buffer.columns).appendRows(buffer.rows());
    for (const { plan, chunks, count } of batch.bodies) this.bodiesOf(plan).appendChunks(chunks, count);
    for (const [plan, bytes] of laterBodies) this.bodiesOf(plan).appendChunks(bytes.chunks(), bytes.count);
    this.count += batch.rowCount;
    for (const { partition, offset } of batch.positions) this.handledBefore(partition, offset);
  }

  private appendAll(rows: readonly ArchiveRow[]): void {
    const lines = rows.map((row) => {
      const layout = this.encoding.layoutOf(row.table, row.values);
      return { table: row.table, columns: layout.columns, line: layout.line(row.values) };
    });
    for (const { table, columns, line } of lines) this.bufferOf(table, columns).appendLine(line);
  }

  private bodiesOf(plan: AvroInsertPlan): ChunkedBytes {
    let bytes = this.bodies.get(plan);
    if (bytes === undefined) {
      bytes = new ChunkedBytes();
      this.bodies.set(plan, bytes);
    }
    return bytes;
  }

  private bufferOf(table: ArchiveTable, columns: readonly string[]): TabSeparatedBuffer {
    let buffer = this.tables.get(table);
    if (buffer === undefined) {
      buffer = new TabSeparatedBuffer(columns);
      this.tables.set(table, buffer);
    }
    return buffer;
  }
}
