import { describe, expect, it } from 'vitest';
import { credentialsOf, parseSqlRequest } from '../../services/core/clickhouse/sql-endpoint/sql-request.ts';
import {
  contentTypeOfFormat,
  httpStatusOfException,
} from '../../services/core/clickhouse/sql-endpoint/sql-response.ts';

const defaults = { database: 'switchyard' };
const basic = (userAndPassword: string) => `Basic ${Buffer.from(userAndPassword).toString('base64')}`;

describe('parseSqlRequest', () => {
  it.each([
    ['query only', 'query=SELECT%201', {}, '', { sql: 'SELECT 1', database: 'switchyard', defaultFormat: 'TabSeparated', params: {} }],
    ['body only', '', {}, 'SELECT 2', { sql: 'SELECT 2', database: 'switchyard', defaultFormat: 'TabSeparated', params: {} }],
    ['query and body joined', 'query=SELECT', {}, '3', { sql: 'SELECT\n3', database: 'switchyard', defaultFormat: 'TabSeparated', params: {} }],
    ['database and format', 'query=q&database=default&default_format=JSON', {}, '', { sql: 'q', database: 'default', defaultFormat: 'JSON', params: {} }],
    ['format and database headers', 'query=q', { 'x-clickhouse-format': 'CSV', 'x-clickhouse-database': 'system' }, '', { sql: 'q', database: 'system', defaultFormat: 'CSV', params: {} }],
    ['placeholders', 'query=q&param_id=7&param_name=a%27b', {}, '', { sql: 'q', database: 'switchyard', defaultFormat: 'TabSeparated', params: { id: '7', name: "a'b" } }],
    ['transport settings ignored', 'query=q&wait_end_of_query=1&enable_http_compression=1&max_execution_time=60&query_id=abc', {}, '', { sql: 'q', database: 'switchyard', defaultFormat: 'TabSeparated', params: {} }],
  ])('given %s then the request is read', (_given, search, headers, body, expected) => {
    expect(parseSqlRequest(new URLSearchParams(search), headers, body, defaults)).toEqual(expected);
  });

  it('given a setting then it is refused as a readonly violation', () => {
    expect(() => parseSqlRequest(new URLSearchParams('query=q&max_threads=1'), {}, '', defaults)).toThrow(
      "Code: 164. DB::Exception: Cannot modify 'max_threads' setting in readonly mode. (READONLY)",
    );
  });
});

describe('credentialsOf', () => {
  it.each([
    ['nothing', '', {}, undefined],
    ['user and password parameters', 'user=ana&password=s3cret', {}, { user: 'ana', password: 's3cret' }],
    ['password parameter only', 'password=p', {}, { user: 'default', password: 'p' }],
    ['X-ClickHouse headers', '', { 'x-clickhouse-user': 'ana', 'x-clickhouse-key': 'k' }, { user: 'ana', password: 'k' }],
    ['Basic auth', '', { authorization: basic('ana:pa:ss') }, { user: 'ana', password: 'pa:ss' }],
    ['Basic auth without password', '', { authorization: basic('ana') }, { user: 'ana', password: '' }],
    ['a bearer token', '', { authorization: 'Bearer t' }, undefined],
  ])('given %s then %j', (_given, search, headers, expected) => {
    expect(credentialsOf(new URLSearchParams(search), headers)).toEqual(expected);
  });
});

describe('httpStatusOfException', () => {
  it.each([
    [62, 400],
    [47, 400],
    [60, 404],
    [81, 404],
    [164, 403],
    [194, 401],
    [516, 401],
    [159, 504],
    [241, 500],
  ])('given code %i then HTTP %i', (code, status) => {
    expect(httpStatusOfException(code)).toBe(status);
  });
});

describe('contentTypeOfFormat', () => {
  it.each([
    ['TabSeparated', 'text/tab-separated-values; charset=UTF-8'],
    ['TSVWithNames', 'text/tab-separated-values; charset=UTF-8'],
    ['JSON', 'application/json; charset=UTF-8'],
    ['JSONCompact', 'application/json; charset=UTF-8'],
    ['JSONEachRow', 'application/x-ndjson; charset=UTF-8'],
    ['CSV', 'text/csv; charset=UTF-8; header=absent'],
    ['CSVWithNames', 'text/csv; charset=UTF-8; header=present'],
    ['Native', 'application/octet-stream'],
    ['Pretty', 'text/plain; charset=UTF-8'],
  ])('given %s then %s', (format, contentType) => {
    expect(contentTypeOfFormat(format)).toBe(contentType);
  });
});
