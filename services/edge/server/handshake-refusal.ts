import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** Why a WebSocket upgrade was refused; the reason is also sent to the charger as the response body. */
export interface HandshakeRefusal {
  readonly status: 400 | 401 | 403 | 404 | 503;
  /** Machine-readable, recorded in the ConnectionRejected event (e.g. 'unknown_charger'). */
  readonly code: RefusalCode;
  readonly reason: string;
}

export type RefusalCode =
  | 'not_ocpp_endpoint'
  | 'invalid_charger_id'
  | 'no_supported_subprotocol'
  | 'unknown_charger'
  | 'not_allowed'
  | 'tls_required'
  | 'bad_certificate'
  | 'missing_credentials'
  | 'bad_password'
  | 'edge_unavailable';

/** Answers the upgrade request with a plain HTTP error so the charger (and its operator) sees why. */
export function refuseHandshake(socket: Duplex, refusal: HandshakeRefusal): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${refusal.reason}\n`;
  const headers = [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Switchyard-Refusal: ${refusal.reason.replace(/[\r\n]/g, ' ')}`,
  ];
  if (refusal.status === 401) headers.push('WWW-Authenticate: Basic realm="switchyard", charset="UTF-8"');
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
