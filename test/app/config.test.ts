import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../services/core/config/config.ts';

const context = { cwd: '/srv/switchyard', hostname: 'host-1' };

const distributed = {
  SWITCHYARD_MODE: 'distributed',
  SWITCHYARD_KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  SWITCHYARD_SCHEMA_REGISTRY_URL: 'http://registry:8081',
  SWITCHYARD_CLICKHOUSE_URL: 'http://clickhouse:8123',
};

describe('loadConfig', () => {
  const accepted: { given: string; env: Record<string, string>; then: (config: Config) => void }[] = [
    {
      given: 'an empty environment',
      env: {},
      then: (config) => {
        expect(config.infrastructure).toEqual({ mode: 'embedded', clickhouseDatabase: 'switchyard' });
        expect(config.dataDir).toBe('/srv/switchyard/data');
        expect(config.listen).toEqual({
          host: '127.0.0.1',
          edgePort: 8180,
          ocpiPort: 8181,
          adminPort: 8182,
          sqlPort: 8123,
          opsPort: 9464,
        });
        expect(config.adminToken).toBeUndefined();
        expect(config.instanceId).toBe('host-1');
        expect(config.logLevel).toBe('info');
      },
    },
    {
      given: 'empty strings, as `VAR= switchyard run` gives',
      env: { SWITCHYARD_ADMIN_PORT: '', SWITCHYARD_MODE: '' },
      then: (config) => {
        expect(config.listen.adminPort).toBe(8182);
        expect(config.infrastructure.mode).toBe('embedded');
      },
    },
    {
      given: 'overrides of ports, data dir and token',
      env: {
        SWITCHYARD_ADMIN_PORT: '9000',
        SWITCHYARD_DATA_DIR: '/var/lib/switchyard',
        SWITCHYARD_ADMIN_TOKEN: 'a-token-of-enough-length',
        SWITCHYARD_LOG_LEVEL: 'debug',
      },
      then: (config) => {
        expect(config.listen.adminPort).toBe(9000);
        expect(config.dataDir).toBe('/var/lib/switchyard');
        expect(config.adminToken).toBe('a-token-of-enough-length');
        expect(config.logLevel).toBe('debug');
      },
    },
    {
      given: 'distributed mode with its endpoints',
      env: distributed,
      then: (config) => {
        expect(config.infrastructure).toEqual({
          mode: 'distributed',
          kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
          schemaRegistryUrl: 'http://registry:8081',
          clickhouse: { url: 'http://clickhouse:8123', user: 'default', password: '', database: 'switchyard' },
        });
      },
    },
    {
      given: 'an embedded process reachable from the network with a SQL password',
      env: { SWITCHYARD_HOST: '0.0.0.0', SWITCHYARD_SQL_PASSWORD: 'analysts-secret' },
      then: (config) => expect(config.analystSql).toEqual({ user: 'default', password: 'analysts-secret' }),
    },
    {
      given: 'a distributed process reachable from the network (it has no SQL endpoint)',
      env: { ...distributed, SWITCHYARD_HOST: '0.0.0.0' },
      then: (config) => expect(config.analystSql.password).toBeUndefined(),
    },
    {
      given: 'variables without the SWITCHYARD_ prefix',
      env: { ADMIN_PORT: 'nonsense', MODE: 'nonsense' },
      then: (config) => expect(config.listen.adminPort).toBe(8182),
    },
  ];

  it.each(accepted)('given $given, then it reads the expected config', ({ env, then }) => {
    then(loadConfig(env, context));
  });

  const rejected: { given: string; env: Record<string, string>; problems: string[] }[] = [
    {
      given: 'several invalid variables',
      env: { SWITCHYARD_ADMIN_PORT: 'eighty', SWITCHYARD_EDGE_PORT: '70000', SWITCHYARD_LOG_LEVEL: 'loud' },
      problems: ['SWITCHYARD_ADMIN_PORT: expected a port number (got "eighty")', 'SWITCHYARD_EDGE_PORT', 'SWITCHYARD_LOG_LEVEL'],
    },
    {
      given: 'distributed mode without endpoints',
      env: { SWITCHYARD_MODE: 'distributed' },
      problems: [
        'SWITCHYARD_KAFKA_BROKERS: required when SWITCHYARD_MODE=distributed',
        'SWITCHYARD_SCHEMA_REGISTRY_URL: required when SWITCHYARD_MODE=distributed',
        'SWITCHYARD_CLICKHOUSE_URL: required when SWITCHYARD_MODE=distributed',
      ],
    },
    {
      given: 'distributed mode with a missing endpoint beside an invalid one',
      env: { SWITCHYARD_MODE: 'distributed', SWITCHYARD_KAFKA_BROKERS: 'kafka', SWITCHYARD_ADMIN_PORT: '-1' },
      problems: [
        'SWITCHYARD_KAFKA_BROKERS: expected host:port (got "kafka")',
        'SWITCHYARD_ADMIN_PORT',
        'SWITCHYARD_SCHEMA_REGISTRY_URL: required when SWITCHYARD_MODE=distributed',
        'SWITCHYARD_CLICKHOUSE_URL: required when SWITCHYARD_MODE=distributed',
      ],
    },
    {
      given: 'malformed endpoints',
      env: { ...distributed, SWITCHYARD_KAFKA_BROKERS: 'kafka', SWITCHYARD_CLICKHOUSE_URL: 'clickhouse:8123' },
      problems: ['SWITCHYARD_KAFKA_BROKERS: expected host:port', 'SWITCHYARD_CLICKHOUSE_URL: expected an http(s) URL'],
    },
    {
      given: 'an embedded process reachable from the network without a SQL password',
      env: { SWITCHYARD_HOST: '0.0.0.0' },
      problems: ['SWITCHYARD_SQL_PASSWORD: required when SWITCHYARD_HOST (0.0.0.0) is reachable from other machines'],
    },
    {
      given: 'an unknown mode',
      env: { SWITCHYARD_MODE: 'cluster' },
      problems: ['SWITCHYARD_MODE'],
    },
    {
      given: 'a short admin token (its value is never echoed)',
      env: { SWITCHYARD_ADMIN_TOKEN: 'secret' },
      problems: ['SWITCHYARD_ADMIN_TOKEN: expected at least 16 characters'],
    },
  ];

  it.each(rejected)('given $given, then it names every invalid variable', ({ env, problems }) => {
    let thrown: unknown;
    try {
      loadConfig(env, context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.retriable).toBe(false);
    expect(error.problems).toHaveLength(problems.length);
    for (const problem of problems) expect(error.message).toContain(problem);
    expect(error.message).not.toContain('secret"');
  });
});
