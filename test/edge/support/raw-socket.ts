import WebSocket, { type ClientOptions } from 'ws';

export type UpgradeOutcome =
  | { readonly kind: 'open'; readonly socket: WebSocket; readonly protocol: string }
  | { readonly kind: 'refused'; readonly status: number; readonly body: string };

/** Opens a WebSocket like a charger would, reporting an HTTP refusal instead of throwing. */
export function attemptUpgrade(url: string, protocols: string[], options: ClientOptions = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, options);
    socket.once('open', () => resolve({ kind: 'open', socket, protocol: socket.protocol }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        resolve({ kind: 'refused', status: response.statusCode ?? 0, body });
        socket.terminate();
      });
    });
    socket.once('error', (error) => reject(error));
  });
}

export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** A raw OCPP-J peer: send exact text, read exact text back. */
export class RawPeer {
  private readonly inbox: string[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.inbox.push(data.toString());
      for (const waiter of this.waiters.splice(0)) waiter();
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  send(text: string): void {
    this.socket.send(text);
  }

  /** The next frame the edge sent, parsed. */
  async next(timeoutMs = 3_000): Promise<unknown[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame from the edge');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return JSON.parse(this.inbox.shift() ?? '[]') as unknown[];
  }

  /** Asserts silence: nothing arrives within the window. */
  async nothingWithin(ms: number): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.inbox.length === 0;
  }
}
