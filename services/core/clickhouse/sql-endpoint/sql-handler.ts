import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { Logger } from 'pino';
import { describeError } from '../../errors.ts';
import { ClickHouseException, exceptionCodes, type ReadOnlySql } from '../read-only-sql.ts';
import { credentialsOf, parseSqlRequest, type Credentials } from './sql-request.ts';
import { contentTypeOfFormat, httpStatusOfException, summaryHeader } from './sql-response.ts';

export interface SqlHandlerOptions {
  readonly clickhouse: ReadOnlySql;
  readonly logger: Logger;
  /** When set, every query must carry these credentials; health checks stay open. */
  readonly credentials?: Credentials;
  /** Database for requests that name none. */
  readonly defaultDatabase: string;
  /** Longest query text accepted, in bytes. */
  readonly maxQueryBytes: number;
}

const healthy = 'Ok.\n';

/**
 * Enough of ClickHouse's HTTP interface for curl, @clickhouse/client and Grafana's ClickHouse plugin:
 * `/ping`, `/replicas_status`, and queries on `/` by GET or POST, answered in the requested format with
 * the X-ClickHouse-* headers, or with ClickHouse's `Code: N. DB::Exception: ...` text on failure.
 */
export function createSqlHandler(options: SqlHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    serve(options, request, response).catch((error: unknown) => {
      options.logger.error({ err: error }, 'SQL endpoint failed to answer');
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=UTF-8' });
      response.end();
    });
  };
}

async function serve(options: SqlHandlerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://endpoint');
  const method = request.method ?? 'GET';
  if (url.pathname === '/ping' || url.pathname === '/replicas_status') {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(healthy);
    return;
  }
  if (url.pathname !== '/') {
    response
      .writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' })
      .end(`There is no handle ${url.pathname}\n\nUse / or /ping for health checks.\n`);
    return;
  }
  if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, POST, HEAD', 'Content-Type': 'text/plain; charset=UTF-8' }).end();
    return;
  }
  const queryId = url.searchParams.get('query_id') || randomUUID();
  const startedAt = process.hrtime.bigint();
  try {
    const body = method === 'POST' ? await readBody(request, options.maxQueryBytes) : '';
    if (!url.searchParams.has('query') && body.trim() === '') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(healthy);
      return;
    }
    authenticate(options.credentials, credentialsOf(url.searchParams, request.headers));
    const parsed = parseSqlRequest(url.searchParams, request.headers, body, { database: options.defaultDatabase });
    const result = await options.clickhouse.run(parsed);
    response.writeHead(200, {
      'Content-Type': contentTypeOfFormat(result.format),
      'Content-Length': result.body.byteLength,
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Format': result.format,
      'X-ClickHouse-Timezone': 'UTC',
      'X-ClickHouse-Summary': summaryHeader(result),
    });
    response.end(method === 'HEAD' ? undefined : result.body);
    options.logger.debug(
      { queryId, format: result.format, readRows: result.readRows, ms: elapsedMs(startedAt) },
      'SQL query answered',
    );
  } catch (error) {
    const exception =
      error instanceof ClickHouseException
        ? error
        : new ClickHouseException(1001, `Code: 1001. DB::Exception: ${describeError(error)}. (STD_EXCEPTION)`, {
            retriable: false,
            cause: error,
          });
    const status = httpStatusOfException(exception.exceptionCode);
    options.logger[status >= 500 ? 'warn' : 'info'](
      { queryId, status, code: exception.exceptionCode, ms: elapsedMs(startedAt) },
      'SQL query refused',
    );
    response.writeHead(status, {
      'Content-Type': 'text/plain; charset=UTF-8',
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Exception-Code': String(exception.exceptionCode),
      ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="ClickHouse", charset="UTF-8"' } : {}),
    });
    response.end(`${exception.message}\n`);
  }
}

function authenticate(expected: Credentials | undefined, given: Credentials | undefined): void {
  if (expected === undefined) return;
  if (given === undefined) {
    throw ClickHouseException.raise(exceptionCodes.requiredPassword, 'REQUIRED_PASSWORD', 'Password required for user default');
  }
  if (!sameSecret(given.user, expected.user) || !sameSecret(given.password, expected.password)) {
    throw ClickHouseException.raise(
      exceptionCodes.authenticationFailed,
      'AUTHENTICATION_FAILED',
      `${given.user}: Authentication failed: password is incorrect, or there is no user with such name`,
    );
  }
}

/** Compares digests so the time taken says nothing about how much of the secret matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        throw ClickHouseException.raise(
          exceptionCodes.syntaxError,
          'SYNTAX_ERROR',
          `Max query size exceeded: the query is longer than ${maxBytes} bytes`,
        );
      }
      chunks.push(chunk);
    }
  };
  const decoder = decoderOf(request.headers['content-encoding'] ?? 'identity');
  await (decoder === undefined ? pipeline(request, collect) : pipeline(request, decoder, collect));
  return Buffer.concat(chunks).toString('utf8');
}

/** @clickhouse/client compresses request bodies with Content-Encoding when asked to. */
function decoderOf(contentEncoding: string): Transform | undefined {
  const encoding = contentEncoding.toLowerCase();
  switch (encoding) {
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    case 'identity':
      return undefined;
    default:
      throw ClickHouseException.raise(89, 'UNKNOWN_COMPRESSION_METHOD', `Unknown Content-Encoding ${encoding}`);
  }
}

function elapsedMs(startedAt: bigint): number {
  return Number(process.hrtime.bigint() - startedAt) / 1e6;
}
