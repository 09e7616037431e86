import type { EventBus } from '../bus/event-bus.ts';
import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import type { ReadOnlySql } from '../clickhouse/read-only-sql.ts';
import type { SchemaRegistry } from '../serde/schema-registry.ts';

/** The adapters a process runs on; which implementations they are is decided by the configured mode. */
export interface Platform {
  readonly bus: EventBus;
  readonly schemaRegistry: SchemaRegistry;
  readonly clickhouse: ClickHouse;
  /**
   * Embedded mode only: the read-only chDB connection behind the analysts' SQL endpoint. In distributed
   * mode analysts use the ClickHouse server itself.
   */
  readonly analystSql: ReadOnlySql | undefined;
}
