import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/core/config/config.ts';
import { sqlTargetOf } from '../../services/cli/sql-query.ts';

const context = { cwd: '/srv', hostname: 'host-1' };

describe('sqlTargetOf', () => {
  const cases = [
    {
      given: 'the embedded defaults',
      env: {},
      then: { url: 'http://127.0.0.1:8123/', user: 'default', password: '', database: undefined },
    },
    {
      given: 'an embedded process listening on every interface with a SQL password',
      env: { SWITCHYARD_HOST: '0.0.0.0', SWITCHYARD_SQL_PORT: '9123', SWITCHYARD_SQL_USER: 'analyst', SWITCHYARD_SQL_PASSWORD: 'pw' },
      then: { url: 'http://127.0.0.1:9123/', user: 'analyst', password: 'pw', database: undefined },
    },
    {
      given: 'an embedded process on an IPv6 loopback',
      env: { SWITCHYARD_HOST: '::1' },
      then: { url: 'http://[::1]:8123/', user: 'default', password: '', database: undefined },
    },
    {
      given: 'distributed mode',
      env: {
        SWITCHYARD_MODE: 'distributed',
        SWITCHYARD_KAFKA_BROKERS: 'kafka:9092',
        SWITCHYARD_SCHEMA_REGISTRY_URL: 'http://registry:8081',
        SWITCHYARD_CLICKHOUSE_URL: 'http://clickhouse:8123',
        SWITCHYARD_CLICKHOUSE_USER: 'switchyard',
        SWITCHYARD_CLICKHOUSE_PASSWORD: 'secret',
      },
      then: { url: 'http://clickhouse:8123', user: 'switchyard', password: 'secret', database: 'switchyard' },
    },
  ];

  it.each(cases)('given $given, then queries go to $then.url', ({ env, then }) => {
    expect(sqlTargetOf(loadConfig(env, context))).toMatchObject(then);
  });
});
