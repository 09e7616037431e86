import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import { drainPending, Session } from 'chdb';
import { SwitchyardError } from '../errors.ts';
import type { ClickHouse } from './clickhouse.ts';
import { ChdbSessionConnection } from './chdb-connection.ts';
import { chdbReadOnlySql } from './chdb-read-only-sql.ts';
import { clickHouseOverClient, clientLogSilenced, type ClientPortOptions } from './client-port.ts';
import type { ReadOnlySql } from './read-only-sql.ts';
import { assertPlainIdentifier } from './sql-identifier.ts';

export interface EmbeddedClickHouseOptions {
  /** Where chDB keeps its databases; survives restarts. */
  readonly dataDir: string;
  /** Created when missing; unqualified table names resolve in it. */
  readonly database: string;
  readonly port: ClientPortOptions;
  /** The engine cancels an analyst's query that runs longer, so one heavy query cannot hold the endpoint. */
  readonly analystQueryTimeoutSeconds: number;
}

export interface EmbeddedClickHouse {
  /** Closing it closes the engine (and with it `readOnlySql`). */
  readonly clickhouse: ClickHouse;
  /** A second, read-only connection to the same engine, for the analysts' SQL endpoint. */
  readonly readOnlySql: ReadOnlySql;
}

/**
 * Where chDB's defaults would make results differ from a server's: a server quotes 64-bit integers in JSON
 * (JavaScript numbers cannot hold them), chDB does not unless told; and times render in UTC, like the
 * servers Switchyard runs with, whatever the host's time zone.
 */
const engineArgs = ['--output_format_json_quote_64bit_integers=1', '--session_timezone=UTC'];

/** chDB binds one data directory per process and keeps global state; this module is its only owner. */
let openDataDir: string | undefined;

/**
 * Opens chDB in-process. At most one engine is open per process: a second open fails until the first is
 * closed, instead of chDB silently sharing or tearing down the first one's connection.
 */
export async function openEmbeddedClickHouse(options: EmbeddedClickHouseOptions): Promise<EmbeddedClickHouse> {
  const dataDir = path.resolve(options.dataDir);
  assertPlainIdentifier('database', options.database);
  if (openDataDir !== undefined) {
    throw new SwitchyardError(
      'clickhouse.engine_in_use',
      `chDB is already open on ${openDataDir} in this process; close it before opening ${dataDir}`,
      { retriable: false },
    );
  }
  openDataDir = dataDir;
  const sessions: Session[] = [];
  const release = async () => {
    for (const session of sessions.reverse()) session.close();
    // close() defers freeing a connection that still runs a query; the next open must wait for that.
    await drainPending();
    openDataDir = undefined;
  };
  try {
    await mkdir(dataDir, { recursive: true });
    const main = new Session(dataDir, { connectionArgs: engineArgs });
    sessions.push(main);
    await main.queryAsync(`CREATE DATABASE IF NOT EXISTS ${options.database}`);
    const readonly = new Session(dataDir, {
      connectionArgs: [...engineArgs, '--readonly=1', `--max_execution_time=${options.analystQueryTimeoutSeconds}`],
    });
    sessions.push(readonly);
    const client = createClient({
      connection: new ChdbSessionConnection(main, options.database),
      log: clientLogSilenced,
    });
    return {
      clickhouse: clickHouseOverClient(client, options.database, options.port, release),
      readOnlySql: chdbReadOnlySql(readonly),
    };
  } catch (error) {
    await release();
    throw new SwitchyardError('clickhouse.open_failed', `Could not open chDB in ${dataDir}: ${String(error)}`, {
      retriable: false,
      cause: error,
    });
  }
}
