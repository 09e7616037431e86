import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ReadOnlySql } from '../read-only-sql.ts';
import { createSqlHandler } from './sql-handler.ts';
import type { Credentials } from './sql-request.ts';

export interface SqlEndpointOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly clickhouse: ReadOnlySql;
  readonly logger: Logger;
  readonly credentials?: Credentials;
  readonly defaultDatabase?: string;
  readonly maxQueryBytes?: number;
}

export interface SqlEndpoint {
  /** e.g. http://127.0.0.1:8123/ */
  readonly url: string;
  close(): Promise<void>;
}

/** The analysts' read-only ClickHouse-compatible HTTP endpoint (embedded default: http://127.0.0.1:8123/). */
export async function startSqlEndpoint(options: SqlEndpointOptions): Promise<SqlEndpoint> {
  const server = createServer(
    createSqlHandler({
      clickhouse: options.clickhouse,
      logger: options.logger,
      defaultDatabase: options.defaultDatabase ?? 'default',
      // A server's max_query_size default is 256 KiB; dashboards' generated queries stay far below 1 MiB.
      maxQueryBytes: options.maxQueryBytes ?? 1024 * 1024,
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  options.logger.info({ url }, 'SQL endpoint listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeIdleConnections();
      }),
  };
}
