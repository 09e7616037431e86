import WebSocket from 'ws';
import { SwitchyardError } from '../core/errors.ts';
import type { Answer } from './answer-comparison.ts';
import { parseAnswer } from './feed-plan.ts';

/** One replayed charger's OCPP-J connection to the target CSMS: one outstanding CALL at a time. */
export interface ReplayCharger {
  /** The CSMS's answer, or null when none came within the timeout or the connection closed. */
  call(messageId: string, action: string, payload: unknown, timeoutMs: number): Promise<Answer | null>;
  close(): Promise<void>;
}

const callErrorMessageType = 4;

export async function connectReplayCharger(options: {
  readonly target: string;
  readonly chargerId: string;
  readonly protocol: string;
  readonly connectTimeoutMs: number;
}): Promise<ReplayCharger> {
  const url = `${options.target.replace(/\/+$/, '')}/${encodeURIComponent(options.chargerId)}`;
  const socket = new WebSocket(url, [options.protocol], { handshakeTimeout: options.connectTimeoutMs });
  await new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      socket.terminate();
      reject(new SwitchyardError('replay.connect', `${options.chargerId}: cannot connect to ${url}: ${reason}`, { retriable: true }));
    };
    socket.once('open', () => {
      if (socket.protocol === options.protocol) resolve();
      else fail(`the CSMS did not accept subprotocol ${options.protocol}`);
    });
    socket.once('unexpected-response', (_request, response) => fail(`HTTP ${String(response.statusCode)}`));
    socket.once('error', (error) => fail(error.message));
  });

  let pending: { readonly messageId: string; readonly settle: (answer: Answer | null) => void } | undefined;
  socket.on('message', (data) => {
    const text = data.toString();
    const message = parseMessage(text);
    if (message === undefined) return;
    const [messageType, messageId] = message;
    if (messageType === 2) {
      // The replayed charger only repeats what it sent; a CSMS-initiated CALL gets a polite refusal.
      socket.send(JSON.stringify([callErrorMessageType, messageId, 'NotImplemented', 'replayed charger does not execute CSMS calls', {}]));
      return;
    }
    if (pending !== undefined && messageId === pending.messageId) pending.settle(parseAnswer(text));
  });
  socket.on('close', () => pending?.settle(null));
  socket.on('error', () => pending?.settle(null));

  return {
    call(messageId, action, payload, timeoutMs) {
      if (socket.readyState !== WebSocket.OPEN) return Promise.resolve(null);
      return new Promise<Answer | null>((resolve) => {
        const timer = setTimeout(() => settle(null), timeoutMs);
        const settle = (answer: Answer | null) => {
          clearTimeout(timer);
          pending = undefined;
          resolve(answer);
        };
        pending = { messageId, settle };
        socket.send(JSON.stringify([2, messageId, action, payload]));
      });
    },
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000);
        setTimeout(() => socket.terminate(), 2_000).unref();
      });
    },
  };
}

function parseMessage(text: string): [number, string] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') return [parsed[0], parsed[1]];
  } catch {
    // Not OCPP-J: nothing to answer or match.
  }
  return undefined;
}
