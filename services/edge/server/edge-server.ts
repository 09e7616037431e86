import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import { versionProfile } from '../protocol/versions.ts';
import { openChargerConnection, type CallHandler, type ConnectionOptions } from './charger-connection.ts';
import type { ConnectionDirectory } from './connection-directory.ts';
import type { EdgeLog } from './edge-log.ts';
import { decideHandshake, type HandshakeDecision, type HandshakePolicy } from './handshake.ts';
import { refuseHandshake } from './handshake-refusal.ts';
import { rememberingVerifiedPasswords } from './verified-passwords.ts';

export interface TlsListenerConfig {
  readonly host: string;
  readonly port: number;
  /** PEM. */
  readonly key: string;
  readonly cert: string;
  /** PEM of the CAs that issue charger client certificates (security profile 3). */
  readonly ca?: string;
}

export interface EdgeListenersConfig {
  /** ws:// listener (security profile 1 and unknown chargers); omit to serve TLS only. */
  readonly plain?: { readonly host: string; readonly port: number };
  /** wss:// listener (security profiles 2 and 3). */
  readonly tls?: TlsListenerConfig;
}

export interface EdgeServerDeps {
  readonly policy: HandshakePolicy;
  readonly log: EdgeLog;
  readonly handler: CallHandler;
  readonly directory: ConnectionDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly connection: ConnectionOptions;
  readonly newId: () => string;
}

export interface EdgeServer {
  /** Bound addresses, e.g. to build ws://127.0.0.1:{port}/ocpp/{id} in tests. */
  readonly plainPort: number | null;
  readonly tlsPort: number | null;
  close(): Promise<void>;
}

type AcceptedHandshake = Extract<HandshakeDecision, { accepted: true }>;

const closeCodes = { replaced: 4000, shuttingDown: 1001 } as const;
/** How long chargers get to answer our close frame before their sockets are cut. */
const closeGraceMs = 2_000;

/**
 * The OCPP WebSocket endpoint: /ocpp/{chargerId} on a plain and/or a TLS listener. Upgrades are decided
 * before the WebSocket exists (see handshake.ts); ws's own frame cap sits above the OCPP frame limit so
 * oversize frames normally get a CALLERROR rather than a dropped socket.
 */
export async function startEdgeServer(deps: EdgeServerDeps, listeners: EdgeListenersConfig): Promise<EdgeServer> {
  const { log, clock, directory, logger } = deps;
  const negotiated = new WeakMap<IncomingMessage, string>();
  const checkPassword = rememberingVerifiedPasswords();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.connection.maxFrameBytes * 4,
    handleProtocols: (_offered, request) => negotiated.get(request) ?? false,
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    const remoteAddress = `${request.socket.remoteAddress ?? 'unknown'}:${request.socket.remotePort ?? 0}`;
    decideHandshake(request, deps.policy, checkPassword)
      .then((decision) => {
        if (!decision.accepted) {
          if (decision.claimedId !== null) {
            log.recordConnectionEvent({
              type: 'ConnectionRejected',
              chargerId: decision.claimedId,
              at: clock.now(),
              remoteAddress,
              httpStatus: decision.refusal.status,
              reason: decision.refusal.code,
              detail: decision.refusal.reason,
              offeredSubprotocols: decision.offeredSubprotocols,
              securityProfile: decision.securityProfile,
            });
          }
          logger.info({ chargerId: decision.claimedId, remoteAddress, ...decision.refusal }, 'handshake refused');
          refuseHandshake(socket, decision.refusal);
          return;
        }
        if (socket.destroyed) return;
        negotiated.set(request, versionProfile(decision.version).subprotocol);
        wss.handleUpgrade(request, socket, head, (webSocket) => {
          accept(webSocket, decision, remoteAddress);
        });
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'handshake failed');
        refuseHandshake(socket, { status: 503, code: 'edge_unavailable', reason: 'the edge could not decide this connection' });
      });
  };

  const accept = (webSocket: WebSocket, decision: AcceptedHandshake, remoteAddress: string): void => {
    const { chargerId, version } = decision;
    const connectionId = deps.newId();
    const connectedAt = clock.now();
    const securityProfile = decision.securityProfile ?? 0;
    if (decision.securityProfile !== null && decision.securityProfile > 0) {
      log.recordConnectionEvent({
        type: 'ChargerAuthenticated',
        chargerId,
        connectionId,
        at: connectedAt,
        remoteAddress,
        securityProfile,
        certificateSubject: decision.certificateSubject,
      });
    }
    const connection = openChargerConnection({
      socket: webSocket,
      identity: { chargerId, connectionId, version },
      handler: deps.handler.forConnection({ chargerId, connectionId, version }),
      log,
      clock,
      options: deps.connection,
      newMessageId: deps.newId,
      onActivity: (at) => directory.touch(chargerId, at),
      onHandlerFailure: (error) => logger.error({ chargerId, err: error }, 'processing a charger message failed'),
      onClosed: (code, reason, closedBy) => {
        directory.detach(chargerId, connectionId);
        const at = clock.now();
        log.recordConnectionEvent({
          type: 'ChargerDisconnected',
          chargerId,
          connectionId,
          at,
          remoteAddress,
          // 1005/1006 are never sent on the wire: they mean "no code" and "died without a close frame".
          closeCode: code === 1005 || code === 1006 ? null : code,
          closeReason: reason === '' ? null : reason,
          closedBy,
          connectedMs: at - connectedAt,
        });
        logger.info({ chargerId, connectionId, code, reason, closedBy }, 'charger disconnected');
      },
    });
    const replaced = directory.attach(connection, connectedAt);
    if (replaced !== undefined) {
      log.recordConnectionEvent({
        type: 'ConnectionReplaced',
        chargerId,
        connectionId,
        at: connectedAt,
        replacedConnectionId: replaced.identity.connectionId,
        remoteAddress,
      });
      replaced.close(closeCodes.replaced, 'replaced by a newer connection', 'replaced');
    }
    log.recordConnectionEvent({ type: 'ChargerConnected', chargerId, connectionId, at: connectedAt, remoteAddress, version, securityProfile });
    logger.info({ chargerId, connectionId, version, remoteAddress }, 'charger connected');
  };

  const answerPlainHttp = (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
    response.end('OCPP endpoint: open a WebSocket to /ocpp/{chargerId}\n');
  };

  const servers: Server[] = [];
  const listen = async (server: Server, host: string, port: number): Promise<number> => {
    server.on('upgrade', onUpgrade);
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    servers.push(server);
    return (server.address() as AddressInfo).port;
  };

  const plainPort =
    listeners.plain === undefined ? null : await listen(createHttpServer(answerPlainHttp), listeners.plain.host, listeners.plain.port);
  const tlsPort =
    listeners.tls === undefined
      ? null
      : await listen(
          createHttpsServer(
            {
              key: listeners.tls.key,
              cert: listeners.tls.cert,
              ...(listeners.tls.ca === undefined ? {} : { ca: listeners.tls.ca }),
              // Profile 3 checks the certificate per charger at the handshake; profile 2 chargers have none.
              requestCert: true,
              rejectUnauthorized: false,
            },
            answerPlainHttp,
          ),
          listeners.tls.host,
          listeners.tls.port,
        );

  return {
    plainPort,
    tlsPort,
    async close() {
      const open = directory.connections();
      for (const connection of open) connection.close(closeCodes.shuttingDown, 'edge shutting down', 'server');
      await Promise.race([
        Promise.all(open.map((connection) => connection.closed)),
        new Promise((resolve) => setTimeout(resolve, closeGraceMs).unref()),
      ]);
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      wss.close();
      logger.info('edge server closed');
    },
  };
}
