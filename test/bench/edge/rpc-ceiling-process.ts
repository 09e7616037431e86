/**
 * The ceiling the edge is compared with: a bare ocpp-rpc RPCServer (strict mode off) that only answers,
 * storing nothing. Prints one JSON line {"port": n} once listening; stops on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';

const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: false });
server.on('client', (client: { handle: (handler: (call: { method?: string }) => Promise<Record<string, unknown>>) => void }) => {
  client.handle(async ({ method }) => {
    switch (method) {
      case 'BootNotification':
        return { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 };
      case 'Heartbeat':
        return { currentTime: new Date().toISOString() };
      default:
        return {};
    }
  });
});
const http = await server.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port: (http.address() as AddressInfo).port })}\n`);

process.once('SIGTERM', () => {
  void server.close({ force: true }).then(() => process.exit(0));
});
