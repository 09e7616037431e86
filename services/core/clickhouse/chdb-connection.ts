import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseError, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { ChdbResult, QueryOptions, Session } from 'chdb';
import { numberField } from './clickhouse-errors.ts';
import { sqlLiteral } from './sql-literal.ts';
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

/** The port's insertSelect statement: `INSERT INTO ... SELECT ... FROM input('<structure>') FORMAT <format>`. */
const insertFromInput = /^(INSERT INTO [\s\S]+ FROM) input\(('(?:[^'\\]|\\.)*')\) FORMAT (\w+)$/;

/** The client's insert statement: `INSERT INTO <table>[ (<columns>)] FORMAT <format>`. */
const insertStatement = /^(INSERT INTO [\s\S]+) (FORMAT \w+)$/;

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
  #insertFilesReady: Promise<string> | undefined;

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
    const fromInput = params.values === undefined ? null : insertFromInput.exec(params.query);
    if (fromInput !== null && params.values !== undefined) return this.#insertFromInput(fromInput, params.values, params);
    const body = params.values === undefined ? '' : await textOf(params.values);
    const result = await this.#run(body === '' ? params.query : `${params.query}\n${body}`, params);
    return { stream: singleChunkStream(result.bytes()), ...this.#envelope(params), summary: summaryOf(result) };
  }

  async command(params: QueryCall) {
    const result = await this.#run(params.query, params);
    return { ...this.#envelope(params), summary: summaryOf(result) };
  }

  /**
   * An INSERT's data goes through a file in the data directory (`FROM INFILE`), not inline after the
   * statement: chDB parses inline data on one thread at about a third of the speed (measured in
   * test/bench/history), and the body is written as it streams in, never turned into a JavaScript string.
   */
  async insert(params: InsertCall) {
    const statement = insertStatement.exec(params.query);
    if (statement === null) throw new Error(`not an insert statement the client builds: ${params.query.slice(0, 200)}`);
    const file = path.join(await this.#insertFiles(), `${randomUUID()}.rows`);
    try {
      await writeFile(file, params.values);
      const result = await this.#run(`${statement[1]} FROM INFILE ${sqlLiteral(file)} ${statement[2]}`, params);
      return { ...this.#envelope(params), summary: summaryOf(result) };
    } finally {
      await rm(file, { force: true });
    }
  }

  /**
   * `INSERT ... SELECT ... FROM input('<structure>') FORMAT <format>` with data, as a server runs it: chDB has
   * no request body, so the data is spooled to a file and the SELECT reads it with `file()` instead.
   */
  async #insertFromInput(statement: RegExpExecArray, values: NonNullable<ExecCall['values']>, params: ExecCall) {
    const [, insertSelect, structure, format] = statement;
    const file = path.join(await this.#insertFiles(), `${randomUUID()}.${format}`);
    try {
      await writeFile(file, values);
      const result = await this.#run(`${insertSelect} file(${sqlLiteral(file)}, ${sqlLiteral(format)}, ${structure})`, params);
      return { stream: singleChunkStream(result.bytes()), ...this.#envelope(params), summary: summaryOf(result) };
    } finally {
      await rm(file, { force: true });
    }
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
        return `SET ${name} = ${sqlLiteral(value)}`;
      }),
    ];
    return { sql: `${statements.join('; ')}; `, reset, applied };
  }

  /** Insert bodies are spooled next to the session's data, on the same disk, and removed once inserted. */
  #insertFiles(): Promise<string> {
    const directory = path.join(this.#session.path, 'insert-files');
    this.#insertFilesReady ??= mkdir(directory, { recursive: true }).then(() => directory);
    return this.#insertFilesReady;
  }

  #envelope(params: Pick<QueryCall, 'query_id'>) {
    return { query_id: params.query_id ?? randomUUID(), response_headers: {}, http_status_code: 200 };
  }
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
function summaryOf(result: ChdbResult): Summary {
  return {
    read_rows: String(result.rowsRead),
    read_bytes: String(result.bytesRead),
    written_rows: '0',
    written_bytes: '0',
    total_rows_to_read: '0',
    result_rows: '0',
    result_bytes: '0',
    elapsed_ns: String(Math.round(result.elapsed * 1e9)),
  };
}
