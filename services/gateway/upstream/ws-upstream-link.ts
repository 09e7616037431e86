import { readFileSync } from 'node:fs';
import WebSocket, { type ClientOptions, type RawData } from 'ws';
import { SwitchyardError } from '../../core/errors.ts';
import { serializeError, serializeResult } from '../../edge/protocol/serialize.ts';
import { versionProfile } from '../../edge/protocol/versions.ts';
import type { UpstreamAuth } from '../routing/route.ts';
import type { OutgoingCall } from './outgoing-call.ts';
import { parseUpstreamFrame } from './upstream-frame.ts';
import type { LinkFrame, OpenUpstreamLink, UpstreamCallAnswer, UpstreamLink, UpstreamOutcome } from './upstream-link.ts';

export interface WsUpstreamLinkOptions {
  readonly newMessageId: () => string;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
}

interface InFlight {
  readonly action: string;
  readonly relayedFor: OutgoingCall | null;
  readonly resolve: (outcome: UpstreamOutcome) => void;
  readonly reject: (error: SwitchyardError) => void;
  /** performance.now() after which the call has timed out. */
  readonly deadline: number;
}

interface WaitingForOpen {
  readonly send: () => void;
  readonly fail: (error: SwitchyardError) => void;
  readonly timer: NodeJS.Timeout;
}

/** How many timed-out ids a link remembers, to tell a late answer from an answer to nothing. */
const rememberedTimeouts = 256;

/** Upstream links over `ws`: the charger id is the last path segment, the charger's subprotocol is offered. */
export function wsUpstreamLinks(options: WsUpstreamLinkOptions): OpenUpstreamLink {
  return (request, events): UpstreamLink => {
    const { upstream, chargerId, version } = request;
    if (upstream.target.kind !== 'remote') throw new Error(`upstream ${upstream.name} is the built-in CSMS, not a link`);
    const { url, auth } = upstream.target;
    const subprotocol = versionProfile(version).subprotocol;
    const address = `${url.replace(/\/+$/, '')}/${encodeURIComponent(chargerId)}`;

    let socket: WebSocket | null = null;
    let open = false;
    let stopped = false;
    let failures = 0;
    let reconnectTimer: NodeJS.Timeout | undefined;
    /**
     * Calls in the order they were sent, which with one call timeout per link is the order of their
     * deadlines: one timer, due at the oldest call's deadline, stands for them all instead of one timer
     * set and cleared per call.
     */
    const inFlight = new Map<string, InFlight>();
    let deadlineTimer: NodeJS.Timeout | undefined;
    const timedOut: string[] = [];
    const waiting = new Set<WaitingForOpen>();

    const unreachable = (why: string): SwitchyardError =>
      new SwitchyardError('gateway.upstream-unreachable', `upstream ${upstream.name} for ${chargerId}: ${why}`, { retriable: true });

    const connect = (): void => {
      // No permessage-deflate: OCPP frames are small, and zlib contexts would cost memory and CPU on every link.
      const current = new WebSocket(address, [subprotocol], { ...clientOptionsOf(auth), handshakeTimeout: upstream.timeouts.connectMs, perMessageDeflate: false });
      socket = current;
      current.on('open', () => {
        if (current.protocol !== subprotocol) {
          current.close(1002, `subprotocol ${subprotocol} was not accepted`);
          return;
        }
        open = true;
        failures = 0;
        events.onOpen();
        for (const waiter of [...waiting]) {
          clearTimeout(waiter.timer);
          waiting.delete(waiter);
          waiter.send();
        }
      });
      current.on('message', (data: RawData) => onFrame(current, data));
      current.on('error', () => undefined);
      current.on('close', (code: number, reason: Buffer) => {
        if (socket !== current) return;
        open = false;
        socket = null;
        const gone = unreachable(`link closed (${code} ${reason.toString('utf8')})`);
        clearTimeout(deadlineTimer);
        deadlineTimer = undefined;
        for (const [id, call] of inFlight) {
          call.reject(gone);
          inFlight.delete(id);
        }
        events.onDown(`${code} ${reason.toString('utf8')}`.trim());
        if (stopped) return;
        failures += 1;
        const delay = Math.min(options.backoff.maxMs, options.backoff.initialMs * 2 ** Math.min(failures - 1, 16));
        reconnectTimer = setTimeout(connect, delay);
      });
    };

    const sendText = (current: WebSocket, text: string, facts: Omit<LinkFrame, 'direction' | 'text'>): void => {
      current.send(text);
      events.onFrame({ direction: 'out', text, ...facts });
    };

    const received = (text: string, messageType: LinkFrame['messageType'], messageId: string | null, action: string | null, relayedFor: OutgoingCall | null = null): void =>
      events.onFrame({ direction: 'in', text, messageType, messageId, action, relayedFor });

    const answerUpstreamCall = (current: WebSocket, messageId: string, action: string, answer: UpstreamCallAnswer): void => {
      if (current.readyState !== WebSocket.OPEN) return;
      sendText(current, answer.kind === 'result' ? serializeResult(messageId, answer.payload) : serializeError(messageId, answer.error), {
        messageType: answer.kind === 'result' ? 'callResult' : 'callError',
        messageId,
        action,
        relayedFor: null,
      });
    };

    const onFrame = (current: WebSocket, data: RawData): void => {
      const text = data.toString();
      const frame = parseUpstreamFrame(text);
      switch (frame.kind) {
        case 'call':
          received(text, 'call', frame.messageId, frame.action);
          events
            .onCall(frame.action, frame.payload)
            .then((answer) => answerUpstreamCall(current, frame.messageId, frame.action, answer))
            .catch(() => undefined);
          return;
        case 'callResult':
        case 'callError': {
          const call = inFlight.get(frame.messageId);
          received(text, frame.kind, frame.messageId, call?.action ?? null, call?.relayedFor);
          if (call === undefined) {
            events.onAnomaly(timedOut.includes(frame.messageId) ? 'late_answer' : 'unknown_answer', frame.messageId);
            return;
          }
          inFlight.delete(frame.messageId);
          call.resolve(
            frame.kind === 'callResult'
              ? { kind: 'result', payload: frame.payload }
              : { kind: 'error', errorCode: frame.errorCode, errorDescription: frame.errorDescription, errorDetails: frame.errorDetails },
          );
          return;
        }
        case 'unreadable':
          received(text, 'unparseable', frame.messageId, null);
          events.onAnomaly('unreadable_frame', frame.messageId);
          return;
        default: {
          const unknown: never = frame;
          throw new Error(`unknown upstream frame ${JSON.stringify(unknown)}`);
        }
      }
    };

    /** Fails the calls past their deadline, then waits for the next oldest one's. */
    const expireOverdue = (): void => {
      deadlineTimer = undefined;
      const now = performance.now();
      for (const [messageId, call] of inFlight) {
        if (call.deadline > now) break;
        inFlight.delete(messageId);
        timedOut.push(messageId);
        if (timedOut.length > rememberedTimeouts) timedOut.shift();
        call.reject(new SwitchyardError('gateway.upstream-timeout', `upstream ${upstream.name} did not answer ${call.action} within ${upstream.timeouts.callMs} ms`, { retriable: true }));
      }
      watchOldestDeadline();
    };

    const watchOldestDeadline = (): void => {
      const oldest = inFlight.values().next();
      if (deadlineTimer !== undefined || oldest.done === true) return;
      deadlineTimer = setTimeout(expireOverdue, Math.max(0, oldest.value.deadline - performance.now()));
    };

    const send = (call: OutgoingCall, resolve: InFlight['resolve'], reject: InFlight['reject']): void => {
      const current = socket;
      if (current === null || !open) {
        reject(unreachable('link closed before the call could be sent'));
        return;
      }
      const { action } = call;
      const messageId = options.newMessageId();
      const relayedFor = call.sentOn(upstream.name, messageId) ? call : null;
      inFlight.set(messageId, { action, relayedFor, resolve, reject, deadline: performance.now() + upstream.timeouts.callMs });
      watchOldestDeadline();
      sendText(current, call.frameText(messageId), { messageType: 'call', messageId, action, relayedFor });
    };

    connect();

    return {
      get isOpen() {
        return open;
      },
      call(call) {
        return new Promise<UpstreamOutcome>((resolve, reject) => {
          if (stopped) {
            reject(unreachable('link closed'));
            return;
          }
          if (open) {
            send(call, resolve, reject);
            return;
          }
          const waiter: WaitingForOpen = {
            send: () => send(call, resolve, reject),
            fail: reject,
            timer: setTimeout(() => {
              waiting.delete(waiter);
              reject(unreachable(`not open within ${upstream.timeouts.connectMs} ms`));
            }, upstream.timeouts.connectMs),
          };
          waiting.add(waiter);
        });
      },
      close() {
        stopped = true;
        clearTimeout(reconnectTimer);
        for (const waiter of waiting) {
          clearTimeout(waiter.timer);
          waiter.fail(unreachable('link closed'));
        }
        waiting.clear();
        socket?.close(1000, 'charger gone or route changed');
        if (socket !== null && !open) socket.terminate();
      },
    };
  };
}

function clientOptionsOf(auth: UpstreamAuth): ClientOptions {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'basic':
      return { headers: { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } };
    case 'client_certificate':
      return { cert: readFileSync(auth.certificateFile), key: readFileSync(auth.privateKeyFile) };
    default: {
      const unknown: never = auth;
      throw new Error(`unknown upstream auth ${JSON.stringify(unknown)}`);
    }
  }
}
