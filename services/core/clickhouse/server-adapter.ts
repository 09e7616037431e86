import { createClient } from '@clickhouse/client';
import type { ClickHouse } from './clickhouse.ts';
import { clickHouseOverClient, clientLogSilenced, type ClientPortOptions } from './client-port.ts';
import { assertPlainIdentifier } from './sql-identifier.ts';

export interface ServerClickHouseOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Created when missing; unqualified table names resolve in it. */
  readonly database: string;
  readonly requestTimeoutMs: number;
  readonly port: ClientPortOptions;
}

/**
 * The ClickHouse port on a server over HTTP. A server refuses every request naming a database that does not
 * exist yet, so a first client without one creates it; creation is skipped when it exists, which lets a user
 * without the CREATE DATABASE grant use a database an operator made.
 */
export async function openServerClickHouse(options: ServerClickHouseOptions): Promise<ClickHouse> {
  assertPlainIdentifier('database', options.database);
  const connection = {
    url: options.url,
    username: options.user,
    password: options.password,
    request_timeout: options.requestTimeoutMs,
    log: clientLogSilenced,
  };
  const bootstrap = clickHouseOverClient(createClient(connection), 'default', options.port);
  try {
    const existing = await bootstrap.query('SELECT name FROM system.databases WHERE name = {database:String}', {
      params: { database: options.database },
    });
    if (existing.length === 0) await bootstrap.command(`CREATE DATABASE IF NOT EXISTS ${options.database}`);
  } finally {
    await bootstrap.close();
  }
  return clickHouseOverClient(createClient({ ...connection, database: options.database }), options.database, options.port);
}
