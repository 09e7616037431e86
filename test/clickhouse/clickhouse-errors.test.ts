import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../services/core/errors.ts';
import { classifyClickHouseError, toSwitchyardError } from '../../services/core/clickhouse/clickhouse-errors.ts';

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8123`), { code });

describe('classifyClickHouseError', () => {
  it.each([
    ['a syntax error from a server', new ClickHouseError({ message: 'Syntax error', code: '62', type: 'SYNTAX_ERROR' }), 'clickhouse.62', false],
    ['an unknown table from a server', new ClickHouseError({ message: 'no table', code: '60', type: 'UNKNOWN_TABLE' }), 'clickhouse.60', false],
    ['too many parts', new ClickHouseError({ message: 'slow down', code: '252', type: 'TOO_MANY_PARTS' }), 'clickhouse.252', true],
    ['memory limit', new ClickHouseError({ message: 'oom', code: '241', type: 'MEMORY_LIMIT_EXCEEDED' }), 'clickhouse.241', true],
    ['a chDB error carrying clickhouseCode', Object.assign(new Error('Code: 159. DB::Exception: Timeout'), { clickhouseCode: 159 }), 'clickhouse.159', true],
    ['an exception text without fields', new Error('Code: 81. DB::Exception: Database x does not exist. (UNKNOWN_DATABASE)'), 'clickhouse.81', false],
    ['a refused connection', socketError('ECONNREFUSED'), 'clickhouse.unavailable', true],
    ['a reset connection', socketError('ECONNRESET'), 'clickhouse.unavailable', true],
    ['the client request timeout', new Error('Timeout error.'), 'clickhouse.unavailable', true],
    ['a dropped keep-alive socket', new Error('socket hang up'), 'clickhouse.unavailable', true],
    ['a chDB early timeout', Object.assign(new Error('Query timed out'), { code: 'CHDB_TIMEOUT' }), 'clickhouse.unavailable', true],
    ['a closed chDB session', Object.assign(new Error('No active connection'), { code: 'CHDB_CLOSED' }), 'clickhouse.failed', false],
    ['a bug', new TypeError('x is undefined'), 'clickhouse.failed', false],
    ['a thrown string', 'boom', 'clickhouse.failed', false],
  ])('given %s then %s, retriable %s', (_given, error, code, retriable) => {
    expect(classifyClickHouseError(error)).toEqual({ code, retriable });
  });
});

describe('toSwitchyardError', () => {
  it('keeps the cause and names the action', () => {
    const cause = new ClickHouseError({ message: 'Syntax error', code: '62', type: 'SYNTAX_ERROR' });
    const error = toSwitchyardError(cause, 'query');
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: 'clickhouse.62', retriable: false, message: 'ClickHouse query failed: Syntax error' });
    expect(error.cause).toBe(cause);
  });

  it('passes a SwitchyardError through unchanged', () => {
    const original = new SwitchyardError('x', 'already mapped', { retriable: true });
    expect(toSwitchyardError(original, 'insert')).toBe(original);
  });
});
