import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import { MetadataControllerRepair } from './metadata-controller-repair.ts';

const keepAliveDelayMs = 60_000;

/**
 * kafkajs's sockets, with every connection's traffic passed through MetadataControllerRepair so the
 * adapter works against librdkafka's mock cluster as well as against real brokers.
 */
export const controllerRepairingSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : net.connect({ host, port }, onConnect);
  socket.setKeepAlive(true, keepAliveDelayMs);
  installRepair(socket, new MetadataControllerRepair());
  return socket;
};

function installRepair(socket: net.Socket, repair: MetadataControllerRepair): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    const [data] = args;
    if (Buffer.isBuffer(data)) repair.observeRequest(data);
    return write(...args);
  }) as typeof socket.write;

  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    const [chunk] = args;
    if (event !== 'data' || !Buffer.isBuffer(chunk)) return emit(event, ...args);
    for (const piece of repair.transformResponse(chunk)) emit('data', piece);
    return true;
  }) as typeof socket.emit;
}
