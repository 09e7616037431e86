import type { PartitionOffset } from '../core/bus/event-bus.ts';
import type { TabSeparatedRows } from '../core/clickhouse/clickhouse.ts';
import type { ArchiveTable } from './archive-row.ts';
import type { AvroInsertPlan } from './avro-columns.ts';

/** Avro bodies of records written with one schema, in order, to insert by their plan. */
export interface AvroBodies {
  readonly plan: AvroInsertPlan;
  readonly chunks: readonly Uint8Array[];
  readonly count: number;
}

/** Rows of one topic to insert together (encoded per table), and how far in each partition they (and the records before) reach. */
export interface ArchiveBatch {
  readonly group: string;
  readonly topic: string;
  readonly rows: ReadonlyMap<ArchiveTable, TabSeparatedRows>;
  /** Records archived as written, per writer schema (topics with an AvroTableMapping). */
  readonly bodies: readonly AvroBodies[];
  readonly rowCount: number;
  /** Next offset to read per partition once the rows are stored: every record before it is archived or dead-lettered. */
  readonly positions: readonly PartitionOffset[];
}

/**
 * Where history archives to. `write` stores the rows first and the positions last, so a stored position
 * never runs ahead of stored rows; the positions are what a restart resumes from. Failures are
 * SwitchyardErrors.
 */
export interface ArchiveStore {
  write(batch: ArchiveBatch): Promise<void>;
  archivedPositions(group: string, topic: string): Promise<PartitionOffset[]>;
}
