/**
 * Starts librdkafka's mock Kafka cluster (infra/kafka-mock) in a child process on loopback, building
 * the helper first when its binary is missing. Used by tests and benchmarks of the Kafka adapter.
 */
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const mockDirectory = fileURLToPath(new URL('../../infra/kafka-mock/', import.meta.url));
const binary = `${mockDirectory}build/kafka-mock`;
const source = `${mockDirectory}kafka-mock.c`;
const stopGraceMs = 5_000;

export interface KafkaMockTopic {
  readonly name: string;
  readonly partitions: number;
}

export interface KafkaMockOptions {
  /** Created before the cluster reports ready. The mock cannot create topics through the Kafka API. */
  readonly topics?: readonly KafkaMockTopic[];
  readonly brokers?: number;
}

export interface KafkaMock {
  /** host:port bootstrap addresses, one per broker. */
  readonly brokers: string[];
  /** Creates topics while the cluster runs (what CreateTopics would do on a real broker). */
  createTopics(topics: readonly KafkaMockTopic[]): Promise<void>;
  stop(): Promise<void>;
}

type MockProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** Builds the helper when its binary is missing or older than its source; returns the binary's path. */
export async function buildKafkaMock(): Promise<string> {
  const stale = !existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs;
  if (stale) await promisify(execFile)(`${mockDirectory}build.sh`);
  return binary;
}

export async function startKafkaMock(options: KafkaMockOptions = {}): Promise<KafkaMock> {
  const executable = await buildKafkaMock();
  const args = [
    '--brokers',
    String(options.brokers ?? 1),
    ...(options.topics ?? []).map((topic) => `${topic.name}:${topic.partitions}`),
  ];
  const child = spawn(executable, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const replies = new ReplyQueue(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });

  const ready = await replies.next().catch((error: unknown) => {
    throw new Error(`kafka-mock did not start: ${stderr.trim() || String(error)}`);
  });
  const bootstrapServers = ready['bootstrapServers'];
  if (typeof bootstrapServers !== 'string') throw new Error(`kafka-mock printed ${JSON.stringify(ready)}`);

  return {
    brokers: bootstrapServers.split(','),
    createTopics: async (topics) => {
      for (const topic of topics) {
        child.stdin.write(`create ${topic.name}:${topic.partitions}\n`);
        const reply = await replies.next();
        if (reply['created'] === undefined) throw new Error(`kafka-mock: ${topic.name}: ${String(reply['error'])}`);
      }
    },
    stop: () => stopProcess(child),
  };
}

/** The helper answers on stdout one JSON line per event, in order. */
class ReplyQueue {
  private readonly lines: string[] = [];
  private readonly waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  private closed = false;

  constructor(child: MockProcess) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(line);
      else this.lines.push(line);
    });
    child.on('exit', (code, signal) => {
      this.closed = true;
      for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(`exited (${signal ?? code})`));
    });
  }

  async next(): Promise<Record<string, unknown>> {
    const buffered = this.lines.shift();
    const line =
      buffered ??
      (await new Promise<string>((resolve, reject) => {
        if (this.closed) reject(new Error('kafka-mock has exited'));
        else this.waiting.push({ resolve, reject });
      }));
    return JSON.parse(line) as Record<string, unknown>;
  }
}

async function stopProcess(child: MockProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
  await exited;
  clearTimeout(timer);
}
