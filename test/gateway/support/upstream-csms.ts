import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';

type Server = InstanceType<typeof RPCServer>;
type ServerClient = Parameters<Parameters<Server['on']>[1]>[0];

export interface ReceivedCall {
  readonly chargerId: string;
  readonly action: string;
  readonly params: Record<string, unknown>;
}

export type Answers = Record<string, (params: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>>;

/**
 * A real OCPP CSMS for the gateway to talk to: ocpp-rpc's RPCServer in strict mode (it validates every
 * request and answer against the official schemas), on 127.0.0.1. It records what each charger sent,
 * in order, and can call a charger through the gateway. stop() and start() keep the same port, to
 * play an upstream that goes down and comes back.
 */
export class UpstreamCsms {
  readonly received: ReceivedCall[] = [];
  readonly authorizations: (string | undefined)[] = [];
  private server: Server | undefined;
  private readonly clients = new Map<string, ServerClient>();
  private port = 0;

  constructor(
    private readonly protocol: 'ocpp1.6' | 'ocpp2.0.1',
    private readonly answers: Answers,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ocpp`;
  }

  async start(): Promise<void> {
    const server = new RPCServer({ protocols: [this.protocol], strictMode: true, callConcurrency: 8, callTimeoutMs: 5_000 });
    server.auth((accept, _reject, handshake) => {
      this.authorizations.push(handshake.headers.authorization);
      accept();
    });
    server.on('client', (client: ServerClient) => {
      this.clients.set(client.identity, client);
      for (const [action, answer] of Object.entries(this.answers)) {
        client.handle(action, ({ params }: { params: Record<string, unknown> }) => {
          this.received.push({ chargerId: client.identity, action, params });
          return answer(params);
        });
      }
    });
    const http = await server.listen(this.port, '127.0.0.1');
    this.port = (http.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    await this.server?.close({ force: true });
    this.server = undefined;
    this.clients.clear();
  }

  /** A CALL from this CSMS to the charger, through the gateway. */
  call(chargerId: string, action: string, params: Record<string, unknown>): Promise<unknown> {
    const client = this.clients.get(chargerId);
    if (client === undefined) return Promise.reject(new Error(`${chargerId} has no link to this upstream`));
    return client.call(action, params);
  }

  actionsFrom(chargerId: string): string[] {
    return this.received.filter((call) => call.chargerId === chargerId).map((call) => call.action);
  }
}
