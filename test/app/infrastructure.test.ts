import { connect } from 'node:net';
import { stat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startClickHouse, startKafka, startSchemaRegistryForTests } from '../support/infrastructure.ts';

const endpointVariables = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'CLICKHOUSE_URL', 'TESTCONTAINERS'] as const;

function tcpAnswers(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host ?? '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('test infrastructure', () => {
  const saved = Object.fromEntries(endpointVariables.map((name) => [name, process.env[name]]));
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    for (const name of endpointVariables) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('given endpoints in the environment, then it uses them and starts nothing', async () => {
    process.env['KAFKA_BROKERS'] = 'kafka-a:9092, kafka-b:9092';
    process.env['SCHEMA_REGISTRY_URL'] = 'http://registry:8081';
    process.env['CLICKHOUSE_URL'] = 'http://clickhouse:8123';
    const kafka = await startKafka();
    const registry = await startSchemaRegistryForTests();
    const clickhouse = await startClickHouse();
    expect(kafka).toMatchObject({ source: 'environment', brokers: ['kafka-a:9092', 'kafka-b:9092'] });
    expect(registry).toMatchObject({ source: 'environment', url: 'http://registry:8081' });
    expect(clickhouse).toMatchObject({ source: 'environment', kind: 'server', url: 'http://clickhouse:8123', user: 'default' });
  });

  it('given no endpoints and no containers, then it starts the local stand-ins and stops them', async () => {
    for (const name of endpointVariables) delete process.env[name];
    process.env['TESTCONTAINERS'] = 'off';

    const kafka = await startKafka({ topics: [{ name: 'infrastructure-test', partitions: 2 }] });
    stops.push(() => kafka.stop());
    expect(kafka.source).toBe('local');
    expect(await tcpAnswers(kafka.brokers[0] ?? '')).toBe(true);

    const registry = await startSchemaRegistryForTests();
    stops.push(() => registry.stop());
    expect(registry.source).toBe('local');
    expect((await fetch(`${registry.url}/subjects`)).status).toBe(200);

    const clickhouse = await startClickHouse();
    expect(clickhouse.kind).toBe('chdb');
    if (clickhouse.kind !== 'chdb') return;
    expect((await stat(clickhouse.dataDir)).isDirectory()).toBe(true);

    for (const stop of stops.splice(0).reverse()) await stop();
    await clickhouse.stop();
    expect(await tcpAnswers(kafka.brokers[0] ?? '')).toBe(false);
    await expect(stat(clickhouse.dataDir)).rejects.toThrow('ENOENT');
  });
});
