import type { RawData, WebSocket } from 'ws';
import type { Clock } from '../../core/clock.ts';
import { SwitchyardError } from '../../core/errors.ts';
import { parseFrame, type JsonObject, type ParsedFrame } from '../protocol/frame.ts';
import { rpcError, type RpcError } from '../protocol/rpc-error.ts';
import { serializeCall, serializeError, serializeResult } from '../protocol/serialize.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { EdgeLog, EncodedRecord } from './edge-log.ts';
import type { ClosedBy, FrameMessageType, FrameRelay, FrameVerdict, OcppFrameRecord } from './edge-records.ts';

export interface ConnectionIdentity {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly version: OcppVersion;
}

export interface InboundCall {
  readonly messageId: string;
  readonly action: string;
  readonly payload: JsonObject;
  readonly receivedAt: number;
  /**
   * Starts the durable append of this CALL's raw frame now, so it overlaps whatever the handler waits
   * for (the gateway: an upstream CSMS's answer); the frame is then not recorded again with the answer,
   * and a result with durableBeforeAnswer waits for this append.
   */
  readonly appendFrameDurablyNow: () => Promise<void>;
}

/**
 * The gateway's live copies of the CALL on its upstream links, recorded with the answer instead of as
 * frames of their own; `answerFrameWritten` is told whether that answer frame was written (false: the
 * socket had closed, and the copies must be recorded on their own).
 */
export interface Relays {
  readonly relayedAs?: readonly FrameRelay[];
  readonly answerFrameWritten?: (written: boolean) => void;
}

/** What the CSMS side decided for one CALL from the charger. */
export type CallAnswer =
  | (Relays & {
      readonly kind: 'result';
      readonly payload: JsonObject;
      readonly quirksApplied: readonly string[];
      /** Domain events derived from the CALL, appended with its raw frame. */
      readonly derived: readonly EncodedRecord[];
      /** Transaction messages: the CALLRESULT leaves only once frame and events are durable. */
      readonly durableBeforeAnswer: boolean;
    })
  | (Relays & { readonly kind: 'error'; readonly error: RpcError; readonly quirksApplied: readonly string[] });

/** The CSMS side of one connection: it may remember what this connection said (its boot, its quirks). */
export interface ConnectionCallHandler {
  answer(call: InboundCall): Promise<CallAnswer>;
  /** Told of every CALL we write to the charger (a triggered message may be admitted because of it). */
  noteSentCall(action: string, payload: JsonObject): void;
}

export interface CallHandler {
  forConnection(identity: ConnectionIdentity): ConnectionCallHandler;
}

/** The charger's answer to one of our CALLs. */
export type OutboundCallOutcome =
  | { readonly kind: 'result'; readonly payload: JsonObject }
  | { readonly kind: 'error'; readonly errorCode: string; readonly errorDescription: string; readonly errorDetails: JsonObject };

export interface OutboundCallOptions {
  readonly timeoutMs: number;
  readonly startBy?: number;
  readonly onSent?: (messageId: string) => void;
}

export interface ConnectionOptions {
  readonly maxFrameBytes: number;
  readonly pingIntervalMs: number;
}

export interface ChargerConnectionDeps {
  readonly socket: WebSocket;
  readonly identity: ConnectionIdentity;
  readonly handler: ConnectionCallHandler;
  readonly log: EdgeLog;
  readonly clock: Clock;
  readonly options: ConnectionOptions;
  readonly newMessageId: () => string;
  readonly onClosed: (code: number, reason: string, closedBy: ClosedBy) => void;
  readonly onActivity: (at: number) => void;
  readonly onHandlerFailure: (error: unknown) => void;
}

interface QueuedCall {
  readonly action: string;
  readonly payload: JsonObject;
  readonly timeoutMs: number;
  readonly onSent: ((messageId: string) => void) | undefined;
  /** Set when the call must be sent by a deadline; cleared once it leaves the queue. */
  startTimer: NodeJS.Timeout | undefined;
  readonly resolve: (outcome: OutboundCallOutcome) => void;
  readonly reject: (error: SwitchyardError) => void;
}

interface PendingCall extends QueuedCall {
  readonly messageId: string;
  readonly timer: NodeJS.Timeout;
}

export interface ChargerConnection {
  readonly identity: ConnectionIdentity;
  /**
   * Sends a CALL to the charger once every CALL queued before it has been answered or timed out;
   * onSent learns the message id when the CALL is written. The timeout runs from then. A call still
   * queued at startBy (epoch ms) is dropped with an 'edge.command-expired' error.
   */
  call(action: string, payload: JsonObject, options: OutboundCallOptions): Promise<OutboundCallOutcome>;
  /** Closes the socket; closedBy is what the ChargerDisconnected event will say. */
  close(code: number, reason: string, closedBy: 'server' | 'replaced'): void;
  /** Resolves when the socket has closed, whoever closed it. */
  readonly closed: Promise<void>;
}

/**
 * One charger's WebSocket: OCPP-J synchronicity (one outstanding CALL per direction), raw-frame
 * recording, keepalive. What a CALL means is the handler's business; this only moves frames.
 */
export function openChargerConnection(deps: ChargerConnectionDeps): ChargerConnection {
  const { socket, identity, log, clock, options } = deps;
  const { version } = identity;
  let processingInboundCall = false;
  let pending: PendingCall | undefined;
  const queue: QueuedCall[] = [];
  let alive = true;
  let closed = false;
  let closedBy: ClosedBy | undefined;
  let markClosed: () => void = () => undefined;
  const closedPromise = new Promise<void>((resolve) => {
    markClosed = resolve;
  });

  const frameRecord = (direction: 'in' | 'out', text: string, at: number, facts: FrameFacts): OcppFrameRecord => ({
    chargerId: identity.chargerId,
    connectionId: identity.connectionId,
    direction,
    version,
    text,
    at,
    messageType: facts.messageType,
    messageId: facts.messageId,
    action: facts.action,
    verdict: facts.verdict,
    quirksApplied: facts.quirksApplied ?? [],
    upstream: null,
    relayedAs: facts.relayedAs ?? [],
  });

  /** False when the socket had closed: nothing was sent or recorded. */
  const send = (text: string, facts: FrameFacts): boolean => {
    if (socket.readyState !== socket.OPEN) return false;
    socket.send(text);
    log.recordFrame(frameRecord('out', text, clock.now(), facts));
    return true;
  };

  const sendError = (messageId: string, error: RpcError, action: string | null, relays?: Relays): void => {
    const written = send(serializeError(messageId, error), { messageType: 'callError', messageId, action, verdict: notValidated, relayedAs: relays?.relayedAs });
    relays?.answerFrameWritten?.(written);
  };

  const answerCall = async (call: InboundCall, text: string, early: EarlyAppend): Promise<void> => {
    let answer: CallAnswer;
    try {
      answer = await deps.handler.answer(call);
    } catch (error) {
      deps.onHandlerFailure(error);
      answer = { kind: 'error', error: rpcError(version, 'internal', 'the CSMS could not process this message'), quirksApplied: [] };
    }
    const inbound = (verdict: FrameVerdict): OcppFrameRecord =>
      frameRecord('in', text, call.receivedAt, {
        messageType: 'call',
        messageId: call.messageId,
        action: call.action,
        verdict,
        quirksApplied: answer.quirksApplied,
      });
    switch (answer.kind) {
      case 'error':
        if (early.append === undefined) log.recordFrame(inbound(invalid(answer.error)));
        sendError(call.messageId, answer.error, call.action, answer);
        return;
      case 'result': {
        if (early.append !== undefined) {
          if (!answer.durableBeforeAnswer) log.recordEncoded(answer.derived, call.receivedAt);
          try {
            if (answer.durableBeforeAnswer) {
              // Events only after their frame: a refused frame is resent, and its events derived again.
              await early.append;
              if (answer.derived.length > 0) await log.recordDerivedDurably(answer.derived, call.receivedAt);
            }
          } catch (error) {
            deps.onHandlerFailure(error);
            sendError(call.messageId, rpcError(version, 'internal', 'could not store the message; send it again'), call.action, answer);
            return;
          }
        } else if (answer.durableBeforeAnswer) {
          try {
            await log.recordDurably(inbound(valid), answer.derived);
          } catch (error) {
            // Not acknowledged, so the charger keeps the message queued and sends it again.
            deps.onHandlerFailure(error);
            sendError(call.messageId, rpcError(version, 'internal', 'could not store the message; send it again'), call.action, answer);
            return;
          }
        } else {
          log.recordFrame(inbound(valid), answer.derived);
        }
        const written = send(serializeResult(call.messageId, answer.payload), {
          messageType: 'callResult',
          messageId: call.messageId,
          action: call.action,
          verdict: notValidated,
          relayedAs: answer.relayedAs,
        });
        answer.answerFrameWritten?.(written);
        return;
      }
      default: {
        const unreachable: never = answer;
        throw new Error(`unknown answer ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const settleOutbound = (frame: Extract<ParsedFrame, { kind: 'callResult' | 'callError' }>, text: string, at: number): void => {
    const matched = pending !== undefined && pending.messageId === frame.messageId ? pending : undefined;
    log.recordFrame(
      frameRecord('in', text, at, {
        messageType: frame.kind,
        messageId: frame.messageId,
        action: matched?.action ?? null,
        verdict:
          matched === undefined
            ? { status: 'notValidated', errorCode: null, errorDescription: 'no outstanding CALL has this message id' }
            : notValidated,
      }),
    );
    if (matched === undefined) return;
    clearTimeout(matched.timer);
    pending = undefined;
    matched.resolve(
      frame.kind === 'callResult'
        ? { kind: 'result', payload: frame.payload }
        : { kind: 'error', errorCode: frame.errorCode, errorDescription: frame.errorDescription, errorDetails: frame.errorDetails },
    );
    sendNextCall();
  };

  const sendNextCall = (): void => {
    if (pending !== undefined || closed) return;
    const next = queue.shift();
    if (next === undefined) return;
    clearTimeout(next.startTimer);
    const messageId = deps.newMessageId();
    const timer = setTimeout(() => {
      if (pending?.messageId !== messageId) return;
      pending = undefined;
      next.reject(
        new SwitchyardError('edge.command-timeout', `${identity.chargerId} did not answer ${next.action} within ${next.timeoutMs} ms`, {
          retriable: true,
        }),
      );
      sendNextCall();
    }, next.timeoutMs);
    pending = { ...next, messageId, timer };
    send(serializeCall(messageId, next.action, next.payload), {
      messageType: 'call',
      messageId,
      action: next.action,
      verdict: notValidated,
    });
    deps.handler.noteSentCall(next.action, next.payload);
    next.onSent?.(messageId);
  };

  const inboundCallDone = (): void => {
    processingInboundCall = false;
  };

  const onMessage = (data: RawData, isBinary: boolean): void => {
    const receivedAt = clock.now();
    alive = true;
    deps.onActivity(receivedAt);
    const text = isBinary ? `<binary frame: ${rawLength(data)} bytes>` : rawText(data);
    const frame: ParsedFrame = isBinary
      ? { kind: 'rejected', messageId: '-1', error: rpcError(version, 'rpcFramework', 'OCPP-J frames are text frames') }
      : parseFrame(text, version, { maxFrameBytes: options.maxFrameBytes });
    switch (frame.kind) {
      case 'call': {
        if (processingInboundCall) {
          const error = rpcError(version, 'rpcFramework', 'a CALL is still being processed: wait for its answer before sending the next');
          log.recordFrame(
            frameRecord('in', text, receivedAt, {
              messageType: 'call',
              messageId: frame.messageId,
              action: frame.action,
              verdict: invalid(error),
            }),
          );
          sendError(frame.messageId, error, frame.action);
          return;
        }
        processingInboundCall = true;
        const early: EarlyAppend = { append: undefined };
        const call: InboundCall = {
          messageId: frame.messageId,
          action: frame.action,
          payload: frame.payload,
          receivedAt,
          appendFrameDurablyNow: () => {
            if (early.append === undefined) {
              early.append = log.recordDurably(
                frameRecord('in', text, receivedAt, { messageType: 'call', messageId: frame.messageId, action: frame.action, verdict: valid }),
                [],
              );
              // Awaited only when the answer needs durability; the log writer reports failures either way.
              early.append.catch(() => undefined);
            }
            return early.append;
          },
        };
        answerCall(call, text, early).then(inboundCallDone, (error: unknown) => {
          inboundCallDone();
          deps.onHandlerFailure(error);
        });
        return;
      }
      case 'callResult':
      case 'callError':
        settleOutbound(frame, text, receivedAt);
        return;
      case 'rejected':
        log.recordFrame(
          frameRecord('in', text, receivedAt, {
            messageType: messageTypeOf(text),
            messageId: frame.messageId,
            action: null,
            verdict: invalid(frame.error),
          }),
        );
        sendError(frame.messageId, frame.error, null);
        return;
      case 'ignored':
        log.recordFrame(
          frameRecord('in', text, receivedAt, {
            messageType: messageTypeOf(text),
            messageId: frame.messageId ?? null,
            action: null,
            verdict: { status: 'invalid', errorCode: null, errorDescription: frame.reason },
          }),
        );
        return;
      default: {
        const unreachable: never = frame;
        throw new Error(`unknown frame ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const keepalive = setInterval(() => {
    if (!alive) {
      // No pong (nor any frame) for a whole interval: the TCP connection is dead or the charger hung.
      closedBy ??= 'keepalive_timeout';
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, options.pingIntervalMs);
  keepalive.unref();

  socket.on('message', onMessage);
  socket.on('pong', () => {
    alive = true;
    deps.onActivity(clock.now());
  });
  // ws reports protocol violations (oversize frame, bad UTF-8) as an error, then closes the socket.
  socket.on('error', () => {
    closedBy ??= 'error';
  });
  socket.on('close', (code: number, reason: Buffer) => {
    closed = true;
    clearInterval(keepalive);
    const gone = new SwitchyardError('edge.charger-disconnected', `${identity.chargerId} disconnected`, { retriable: true });
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      pending.reject(gone);
      pending = undefined;
    }
    for (const queued of queue.splice(0)) {
      clearTimeout(queued.startTimer);
      queued.reject(gone);
    }
    deps.onClosed(code, reason.toString('utf8'), closedBy ?? 'charger');
    markClosed();
  });

  return {
    identity,
    call(action, payload, { timeoutMs, startBy, onSent }) {
      if (closed) {
        return Promise.reject(
          new SwitchyardError('edge.charger-disconnected', `${identity.chargerId} is not connected`, { retriable: true }),
        );
      }
      return new Promise<OutboundCallOutcome>((resolve, reject) => {
        const queued: QueuedCall = { action, payload, timeoutMs, onSent, resolve, reject, startTimer: undefined };
        if (startBy !== undefined) {
          queued.startTimer = setTimeout(() => {
            const index = queue.indexOf(queued);
            if (index < 0) return;
            queue.splice(index, 1);
            reject(new SwitchyardError('edge.command-expired', `${action} waited too long behind earlier calls`, { retriable: true }));
          }, Math.max(0, startBy - clock.now()));
        }
        queue.push(queued);
        sendNextCall();
      });
    },
    close(code, reason, by) {
      closedBy ??= by;
      socket.close(code, reason);
    },
    closed: closedPromise,
  };
}

/** The inbound frame's durable append when the handler started it early. */
interface EarlyAppend {
  append: Promise<void> | undefined;
}

interface FrameFacts {
  readonly messageType: FrameMessageType;
  readonly messageId: string | null;
  readonly action: string | null;
  readonly verdict: FrameVerdict;
  readonly quirksApplied?: readonly string[];
  readonly relayedAs?: readonly FrameRelay[];
}

/** Frames we write are ours: recorded without a verdict. */
const notValidated: FrameVerdict = { status: 'notValidated', errorCode: null, errorDescription: null };
const valid: FrameVerdict = { status: 'valid', errorCode: null, errorDescription: null };

function invalid(error: RpcError): FrameVerdict {
  return { status: 'invalid', errorCode: error.code, errorDescription: error.description };
}

/** For a frame the parser refused: its type id when the text starts like an OCPP-J array. */
function messageTypeOf(text: string): FrameMessageType {
  const typeId = /^\s*\[\s*(\d+)\s*,/.exec(text.slice(0, 32))?.[1];
  switch (typeId) {
    case '2':
      return 'call';
    case '3':
      return 'callResult';
    case '4':
      return 'callError';
    default:
      return 'unparseable';
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, part) => total + part.length, 0);
  return data.byteLength;
}
