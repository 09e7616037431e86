/**
 * Starts the benchmark's helper processes (edges, the ocpp-rpc ceiling, load generators), each optionally
 * pinned to one core with taskset, and talks to them over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { deployedTypeScript } from '../deployed-typescript.ts';
import type { EdgeProcessOptions, EdgeProcessReply } from './edge-process-protocol.ts';
import type { LoadReply, LoadRequest } from './load-protocol.ts';

const helperPath = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export interface Placement {
  /** Core to pin the process to; undefined lets the scheduler choose. */
  readonly core?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
  readonly cwd?: string;
}

function startNode(script: string, args: readonly string[], placement: Placement): ChildProcess {
  const nodeArgs = ['--import', deployedTypeScript, '--expose-gc', ...(placement.nodeFlags ?? []), helperPath(script), ...args];
  const [command, commandArgs] =
    placement.core === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(placement.core), process.execPath, ...nodeArgs]];
  return spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], cwd: placement.cwd });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function firstLine(child: ChildProcess, what: string): Promise<string> {
  if (child.stdout === null) throw new Error(`${what} has no stdout`);
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${what} exited (${String(code)}) before it was ready`);
  });
  const line = once(lines, 'line').then(([text]) => text as string);
  try {
    return await Promise.race([line, exited]);
  } finally {
    exited.catch(() => undefined);
  }
}

export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  /** Edge processes only: memory after a full GC. */
  memory(): Promise<{ rssBytes: number; heapUsedBytes: number }>;
  stop(): Promise<void>;
}

async function startServer(script: string, args: readonly string[], placement: Placement, what: string): Promise<ServerProcess> {
  const child = startNode(script, args, placement);
  let port: number;
  try {
    port = (JSON.parse(await firstLine(child, what)) as { port: number }).port;
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    port,
    pid: child.pid ?? -1,
    async memory() {
      const reply = once(child, 'message').then(([message]) => message as EdgeProcessReply);
      child.send({ kind: 'memory' });
      return reply;
    },
    stop: () => stopChild(child),
  };
}

export function startEdgeProcess(options: EdgeProcessOptions, placement: Placement = {}): Promise<ServerProcess> {
  return startServer('edge-process.ts', [JSON.stringify(options)], placement, `edge ${options.instanceId}`);
}

export function startRpcCeiling(placement: Placement = {}): Promise<ServerProcess> {
  return startServer('rpc-ceiling-process.ts', [], placement, 'ocpp-rpc ceiling');
}

/** The bench's reference floor: a bare `ws` relay to these upstream base urls (first = the one that answers). */
export function startBareRelay(upstreamUrls: readonly string[], placement: Placement = {}): Promise<ServerProcess> {
  return startServer('../gateway/bare-relay-process.ts', [JSON.stringify(upstreamUrls)], placement, 'bare ws relay');
}

export interface LoadGenerator {
  ask<K extends LoadReply['kind']>(request: LoadRequest, expect: K): Promise<Extract<LoadReply, { kind: K }>>;
  stop(): Promise<void>;
}

export async function startLoadGenerator(placement: Placement = {}): Promise<LoadGenerator> {
  const child = startNode('load-generator.ts', [], placement);
  const next = (): Promise<LoadReply> =>
    Promise.race([
      once(child, 'message').then(([message]) => message as LoadReply),
      once(child, 'exit').then(([code]): LoadReply => ({ kind: 'failed', message: `load generator exited (${String(code)})` })),
    ]);
  const ready = await next();
  if (ready.kind !== 'ready') throw new Error(`load generator did not start: ${JSON.stringify(ready)}`);
  return {
    async ask(request, expect) {
      const reply = next();
      child.send(request);
      const answer = await reply;
      if (answer.kind !== expect) throw new Error(`load generator answered ${JSON.stringify(answer).slice(0, 500)}`);
      return answer as Extract<LoadReply, { kind: typeof expect }>;
    },
    async stop() {
      if (child.connected) child.disconnect();
      await stopChild(child);
    },
  };
}
