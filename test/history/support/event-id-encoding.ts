import type { TabSeparatedRows } from '../../../services/core/clickhouse/clickhouse.ts';
import { archiveEncoding, everyArchiveTable, type ArchiveEncoding } from '../../../services/history/archive-encoding.ts';

/** Every archive table as if it had one String column, event_id: enough for batching tests. */
export function eventIdEncoding(): ArchiveEncoding {
  const eventId = new Map([['event_id', 'String']]);
  return archiveEncoding(everyArchiveTable(() => eventId));
}

/** The event ids of rows encoded with `eventIdEncoding`, in order. */
export function eventIdsOf(rows: TabSeparatedRows): string[] {
  return Buffer.concat(rows.chunks).toString('utf8').split('\n').filter((line) => line !== '');
}
