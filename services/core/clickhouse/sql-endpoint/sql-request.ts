import { ClickHouseException, exceptionCodes, type ReadOnlySqlRequest } from '../read-only-sql.ts';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** HTTP parameters with a meaning of their own, as opposed to ClickHouse settings. */
const requestParameters = new Set(['query', 'database', 'default_format', 'user', 'password', 'query_id']);

/**
 * Settings clients send to shape the HTTP exchange itself (compression, progress headers, sessions). They
 * change nothing in the result, so they are accepted and ignored; the engine's own limit stands in for
 * max_execution_time.
 */
const transportSettings = new Set([
  'enable_http_compression',
  'http_zlib_compression_level',
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'max_execution_time',
  'session_id',
  'session_timeout',
  'session_check',
  'add_http_cors_header',
]);

const queryParameterPrefix = 'param_';

/**
 * Reads a ClickHouse HTTP interface request: the query from `?query=` and/or the body (joined by a newline,
 * as a server does), `database`, `default_format` and `param_<name>` placeholders. Any other parameter is
 * a setting, which a read-only endpoint may not change.
 */
export function parseSqlRequest(
  search: URLSearchParams,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: string,
  defaults: { readonly database: string },
): ReadOnlySqlRequest {
  const params: Record<string, string> = {};
  for (const [name, value] of search) {
    if (name.startsWith(queryParameterPrefix)) {
      params[name.slice(queryParameterPrefix.length)] = value;
    } else if (!requestParameters.has(name) && !transportSettings.has(name)) {
      throw ClickHouseException.raise(
        exceptionCodes.readonly,
        'READONLY',
        `Cannot modify '${name}' setting in readonly mode`,
      );
    }
  }
  const sql = [search.get('query') ?? '', body].filter((part) => part.trim() !== '').join('\n');
  return {
    sql,
    database: nonEmpty(search.get('database')) ?? nonEmpty(header(headers, 'x-clickhouse-database')) ?? defaults.database,
    defaultFormat:
      nonEmpty(search.get('default_format')) ?? nonEmpty(header(headers, 'x-clickhouse-format')) ?? 'TabSeparated',
    params,
  };
}

/**
 * Who the request says it is: the `user`/`password` parameters, the X-ClickHouse-User/Key headers or Basic
 * auth; undefined when it names no one (a server then means `default`).
 */
export function credentialsOf(
  search: URLSearchParams,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Credentials | undefined {
  const user = nonEmpty(search.get('user')) ?? nonEmpty(header(headers, 'x-clickhouse-user'));
  const password = search.get('password') ?? header(headers, 'x-clickhouse-key');
  if (user !== undefined || password !== undefined) return { user: user ?? 'default', password: password ?? '' };
  const authorization = header(headers, 'authorization');
  const basic = authorization === undefined ? undefined : /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
  if (basic === undefined) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1
    ? { user: decoded, password: '' }
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
