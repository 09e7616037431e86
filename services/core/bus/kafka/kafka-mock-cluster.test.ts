/**
 * The mock cluster helper (infra/kafka-mock, test/support/kafka-mock.ts) the Kafka adapter's tests and
 * benchmarks stand on: it must come up, take topics at run time and never outlive whoever started it.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { buildKafkaMock, startKafkaMock } from '../../../../test/support/kafka-mock.ts';

function accepts(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startRawMock(): Promise<{ child: ReturnType<typeof spawn>; exited: Promise<number | null> }> {
  const child = spawn(await buildKafkaMock(), ['--brokers', '2', 'raw.topic:3'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const [firstLine] = await new Promise<string[]>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve([line]));
  });
  expect(JSON.parse(firstLine ?? '')).toEqual({ bootstrapServers: expect.stringMatching(/^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/) });
  return { child, exited };
}

describe('kafka mock cluster', () => {
  it('listens on loopback, one address per broker, until stopped', async () => {
    const mock = await startKafkaMock({ brokers: 3, topics: [{ name: 'mock.first', partitions: 2 }] });
    expect(mock.brokers).toHaveLength(3);
    expect(await accepts(mock.brokers[0] ?? '')).toBe(true);

    await mock.stop();

    expect(await accepts(mock.brokers[0] ?? '')).toBe(false);
  });

  it('creates topics at run time and reports a duplicate as an error', async () => {
    const mock = await startKafkaMock();
    try {
      await mock.createTopics([{ name: 'mock.runtime', partitions: 4 }]);

      await expect(mock.createTopics([{ name: 'mock.runtime', partitions: 4 }])).rejects.toThrow('already exists');
      await expect(mock.createTopics([{ name: 'bad name', partitions: 1 }])).rejects.toThrow('invalid topic name');
    } finally {
      await mock.stop();
    }
  });

  it('exits cleanly when its stdin closes, as when the process that started it dies', async () => {
    const { child, exited } = await startRawMock();

    child.stdin?.end();

    expect(await exited).toBe(0);
  });

  it('exits cleanly on SIGTERM', async () => {
    const { child, exited } = await startRawMock();

    child.kill('SIGTERM');

    expect(await exited).toBe(0);
  });
});
