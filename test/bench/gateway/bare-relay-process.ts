/**
 * The floor of any Node gateway built on `ws`, measured in the gateway bench beside ours: per charger one
 * upstream socket per CSMS, the charger's frames copied to every upstream, only the first upstream's
 * frames copied back. No ids rewritten, no parsing, nothing stored, frames sent before a link is open
 * are queued. argv[2]: JSON array of upstream base urls (the charger id is appended). Prints one JSON
 * line {"port": n} once listening; stops on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

const upstreamUrls = JSON.parse(process.argv[2] ?? '[]') as string[];
if (upstreamUrls.length === 0) throw new Error('usage: bare-relay-process.ts <["ws://upstream/ocpp", ...]>');

/** A link that queues what the charger sends until its socket is open. */
function openLink(url: string, protocol: string): { send: (data: RawData, isBinary: boolean) => void; socket: WebSocket } {
  const socket = new WebSocket(url, protocol, { perMessageDeflate: false });
  const queued: [RawData, boolean][] = [];
  socket.once('open', () => {
    for (const [data, isBinary] of queued.splice(0)) socket.send(data, { binary: isBinary });
  });
  return {
    socket,
    send: (data, isBinary) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(data, { binary: isBinary });
      else queued.push([data, isBinary]);
    },
  };
}

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
});
server.on('connection', (charger, request) => {
  const chargerId = (request.url ?? '').split('/').pop() ?? '';
  const links = upstreamUrls.map((base) => openLink(`${base}/${chargerId}`, charger.protocol));
  const [primary] = links;
  primary?.socket.on('message', (data, isBinary) => charger.send(data, { binary: isBinary }));
  charger.on('message', (data, isBinary) => {
    for (const link of links) link.send(data, isBinary);
  });
  charger.on('close', () => {
    for (const link of links) link.socket.close();
  });
  for (const link of links) link.socket.on('error', () => charger.close(1011));
});
server.once('listening', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));

process.once('SIGTERM', () => {
  for (const client of server.clients) client.terminate();
  server.close(() => process.exit(0));
});
