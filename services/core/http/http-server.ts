import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SwitchyardError } from '../errors.ts';

export interface RunningHttpServer {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /** Stops accepting, lets requests in flight finish for up to graceMs, then cuts what is left. */
  close(graceMs?: number): Promise<void>;
}

export async function startHttpServer(handler: RequestListener, listen: { host: string; port: number }): Promise<RunningHttpServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new SwitchyardError('http.listen', `cannot listen on ${listen.host}:${listen.port}: ${error.code ?? error.message}`, {
          retriable: error.code === 'EADDRINUSE',
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(listen.port, listen.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    close: (graceMs = 5_000) => closeServer(server, graceMs),
  };
}

async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  deadline.unref();
  await closed;
  clearTimeout(deadline);
}
