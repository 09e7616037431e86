import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { parseError, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { ChdbResult, QueryOptions, Session } from 'chdb';
import { numberField } from './clickhouse-errors.ts';
import { assertPlainIdentifier } from './sql-identifier.ts';

/** The connection contract @clickhouse/client routes every call through when given `connection`. */
type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type QueryCall = Parameters<ClientConnection['query']>[0];
type InsertCall = Parameters<ClientConnection['insert']>[0];
type ExecCall = Parameters<ClientConnection['exec']>[0];
type Summary = NonNullable<Awaited<ReturnType<ClientConnection['command']>>['summary']>;

const unknownSettingCode = 115;

/** ClickHouse's HTTP interface answers without a FORMAT clause in TabSeparated; chDB would default to CSV. */
const httpDefaultFormat = 'TabSeparated';

/**
 * Plays the part of ClickHouse's HTTP interface for @clickhouse/client on top of one chDB session, so the
 * client's calls and SQL behave as they do against a server. An HTTP request starts in the client's
 * database with only its own settings, but a chDB session keeps `USE` and `SET` from earlier calls. Each
 * call therefore starts with `USE <database>`, resets every setting an earlier call changed, then applies
 * its own. The session runs one call at a time anyway; queueing them here keeps that reset exact.
 * The session belongs to the caller (the embedded engine): closing the connection does not close it.
 */
export class ChdbSessionConnection implements ClientConnection {
  readonly #session: Session;
  readonly #database: string;
  readonly #settingsChangedBefore = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(session: Session, database: string) {
    assertPlainIdentifier('database', database);
    this.#session = session;
    this.#database = database;
  }

  async query(params: QueryCall) {
    const result = await this.#run(params.query, params);
    return { stream: singleChunkStream(result.bytes()), ...this.#envelope(params) };
  }

  async exec(params: ExecCall) {
    const body = params.values === undefined ? '' : await textOf(params.values);
    const result = await this.#run(body === '' ? params.query : `${params.query}\n${body}`, params);
    return { stream: singleChunkStream(result.bytes()), ...this.#envelope(params), summary: summaryOf(result) };
  }

  async command(params: QueryCall) {
    const result = await this.#run(params.query, params);
    return { ...this.#envelope(params), summary: summaryOf(result) };
  }

  async insert(params: InsertCall) {
    const body = await textOf(params.values);
    // chDB refuses an INSERT with no rows, a server accepts it: an empty batch is a successful no-op.
    // A test for any non-blank character stops at the first one; trim() would copy a body of many MB.
    if (!/\S/.test(body)) return { ...this.#envelope(params), summary: summaryOf(undefined) };
    const result = await this.#run(`${params.query}\n${body}`, params);
    return { ...this.#envelope(params), summary: summaryOf(result) };
  }

  async ping() {
    try {
      await this.#run('SELECT 1', {});
      return { success: true as const };
    } catch (error) {
      return { success: false as const, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  /** Waits for queued calls; the session stays open for its owner to close. */
  async close() {
    this.#closed = true;
    await this.#queue.catch(() => {});
  }

  #run(sql: string, params: Pick<QueryCall, 'clickhouse_settings' | 'query_params' | 'abort_signal'>) {
    if (this.#closed) return Promise.reject(new Error('ClickHouse connection is closed'));
    const run = this.#queue.then(async () => {
      const preamble = this.#preamble(params.clickhouse_settings ?? {});
      const options: QueryOptions = { format: httpDefaultFormat, ...signalOption(params.abort_signal) };
      const queryParams = params.query_params ?? {};
      try {
        const result =
          Object.keys(queryParams).length === 0
            ? await this.#session.queryAsync(`${preamble.sql}${sql}`, options)
            : await this.#session.queryBindAsync(`${preamble.sql}${sql}`, queryParams, options);
        for (const name of preamble.reset) this.#settingsChangedBefore.delete(name);
        for (const name of preamble.applied) this.#settingsChangedBefore.add(name);
        return result;
      } catch (error) {
        // A name the engine does not know was never set, and resetting it would fail every later call.
        if (numberField(error, 'clickhouseCode') !== unknownSettingCode) {
          for (const name of preamble.applied) this.#settingsChangedBefore.add(name);
        }
        throw asClientError(error);
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  #preamble(settings: NonNullable<QueryCall['clickhouse_settings']>) {
    const given = Object.entries(settings).filter(([, value]) => value !== undefined);
    const applied = given.map(([name]) => name);
    const reset = [...this.#settingsChangedBefore].filter((name) => !applied.includes(name));
    const statements = [
      `USE ${this.#database}`,
      ...reset.map((name) => `SET ${name} = DEFAULT`),
      ...given.map(([name, value]) => {
        assertPlainIdentifier('setting name', name);
        return `SET ${name} = ${settingLiteral(value)}`;
      }),
    ];
    return { sql: `${statements.join('; ')}; `, reset, applied };
  }

  #envelope(params: Pick<QueryCall, 'query_id'>) {
    return { query_id: params.query_id ?? randomUUID(), response_headers: {}, http_status_code: 200 };
  }
}

function settingLiteral(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `'${String(value).replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function signalOption(signal: AbortSignal | undefined): Pick<QueryOptions, 'signal'> {
  return signal === undefined ? {} : { signal };
}

/** The client recognises server failures as ClickHouseError (code, type) parsed from `Code: N. DB::Exception`. */
function asClientError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  if (numberField(error, 'clickhouseCode') === undefined) return error;
  const parsed = parseError(error.message);
  if (parsed !== error) parsed.cause = error;
  return parsed;
}

function singleChunkStream(bytes: Uint8Array): Readable {
  const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stream = new Readable({
    read() {
      this.push(chunk);
      this.push(null);
    },
  });
  // ResultSet.close() destroys an unread stream with an error; with no listener Node would make that
  // deliberate teardown an uncaught exception. Readers that pipe the stream attach their own handler.
  stream.on('error', () => {});
  return stream;
}

async function textOf(values: string | Readable): Promise<string> {
  if (typeof values === 'string') return values;
  const chunks: Buffer[] = [];
  for await (const chunk of values) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * chDB reports rows and bytes read, not written: written counters stay 0, as a server's do when the client
 * does not ask it to wait for the end of the query.
 */
function summaryOf(result: ChdbResult | undefined): Summary {
  return {
    read_rows: String(result?.rowsRead ?? 0),
    read_bytes: String(result?.bytesRead ?? 0),
    written_rows: '0',
    written_bytes: '0',
    total_rows_to_read: '0',
    result_rows: '0',
    result_bytes: '0',
    elapsed_ns: String(Math.round((result?.elapsed ?? 0) * 1e9)),
  };
}
