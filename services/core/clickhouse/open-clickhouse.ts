import type { ClickHouse } from './clickhouse.ts';
import { openEmbeddedClickHouse, type EmbeddedClickHouseOptions } from './chdb-engine.ts';
import type { ReadOnlySql } from './read-only-sql.ts';
import { openServerClickHouse, type ServerClickHouseOptions } from './server-adapter.ts';

export type ClickHouseTarget =
  | { readonly kind: 'server'; readonly server: ServerClickHouseOptions }
  | { readonly kind: 'embedded'; readonly embedded: EmbeddedClickHouseOptions };

export interface OpenedClickHouse {
  readonly clickhouse: ClickHouse;
  /** Embedded mode only: analysts reach a server directly, not through Switchyard. */
  readonly readOnlySql: ReadOnlySql | undefined;
}

/** Picks the adapter for the deployment mode: a ClickHouse server over HTTP, or chDB in this process. */
export async function openClickHouse(target: ClickHouseTarget): Promise<OpenedClickHouse> {
  switch (target.kind) {
    case 'server':
      return { clickhouse: await openServerClickHouse(target.server), readOnlySql: undefined };
    case 'embedded':
      return openEmbeddedClickHouse(target.embedded);
    default: {
      const unreachable: never = target;
      throw new Error(`unknown ClickHouse target ${JSON.stringify(unreachable)}`);
    }
  }
}
