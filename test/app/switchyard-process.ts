import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../services/cli/switchyard.js', import.meta.url));

export interface SwitchyardProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything written so far (JSON log lines on stdout, errors on stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Ends the process if a test left it running: SIGKILL, since a test that failed cannot trust it. */
  kill(): Promise<void>;
}

/** Starts the real `switchyard` command, as a user would, with only the given SWITCHYARD_* settings. */
export function startSwitchyard(args: readonly string[], env: Readonly<Record<string, string>>): SwitchyardProcess {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SWITCHYARD_')));
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repositoryRoot,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return {
    child,
    output: () => output,
    exited,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Ports the OS reports free on loopback right now. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<{ port: number; close: () => Promise<void> }>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          if (address === null || typeof address === 'string') {
            reject(new Error('no port'));
            return;
          }
          resolve({ port: address.port, close: () => new Promise((done) => server.close(() => done())) });
        });
      });
    }),
  );
  await Promise.all(servers.map((server) => server.close()));
  return servers.map((server) => server.port);
}

/** Polls until `check` returns a value, or fails with what the process printed. */
export async function eventually<T>(
  process: SwitchyardProcess,
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.child.exitCode !== null) throw new Error(`switchyard exited before ${what}:\n${process.output()}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
