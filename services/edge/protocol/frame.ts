import { isActionOf, isKnownAction } from './actions.ts';
import { rpcError, type RpcError } from './rpc-error.ts';
import { messageTypeIds, versionProfile, type MessageTypeId, type OcppVersion } from './versions.ts';

export interface FrameLimits {
  /** Frames longer than this (UTF-8 bytes) are refused before JSON parsing. */
  readonly maxFrameBytes: number;
}

export type JsonObject = Record<string, unknown>;

export type ParsedFrame =
  | { readonly kind: 'call'; readonly messageId: string; readonly action: string; readonly payload: JsonObject }
  | { readonly kind: 'callResult'; readonly messageId: string; readonly payload: JsonObject }
  | {
      readonly kind: 'callError';
      readonly messageId: string;
      readonly errorCode: string;
      readonly errorDescription: string;
      readonly errorDetails: JsonObject;
    }
  /** Answer the charger with this CALLERROR (messageId '-1' when none could be read). */
  | { readonly kind: 'rejected'; readonly messageId: string; readonly error: RpcError }
  /** Nothing to answer: a broken response (there is no CALL to fail) or a type the version says to ignore. */
  | { readonly kind: 'ignored'; readonly messageId: string | undefined; readonly reason: string };

/** OCPP-J: the message id is a string of at most 36 characters. */
const maxMessageIdLength = 36;
/** The id used in a CALLERROR when the offending frame's id cannot be read (OCPP-J 2.0.1 convention). */
const unreadableMessageId = '-1';

/** Reads the id of an oversize frame without parsing it all, so the CALLERROR can still be correlated. */
const leadingMessageId = /^\s*\[\s*\d+\s*,\s*"([^"\\]{1,36})"/;

export function parseFrame(text: string, version: OcppVersion, limits: FrameLimits): ParsedFrame {
  if (Buffer.byteLength(text, 'utf8') > limits.maxFrameBytes) {
    const messageId = leadingMessageId.exec(text.slice(0, 128))?.[1] ?? unreadableMessageId;
    return reject(version, messageId, 'format', `frame exceeds ${limits.maxFrameBytes} bytes`);
  }
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return reject(version, unreadableMessageId, 'rpcFramework', 'frame is not valid JSON');
  }
  if (!Array.isArray(frame)) return reject(version, unreadableMessageId, 'rpcFramework', 'frame is not a JSON array');
  const [messageTypeId, messageId] = frame as unknown[];
  if (typeof messageId !== 'string' || messageId.length === 0) {
    return reject(version, unreadableMessageId, 'rpcFramework', 'message id is not a non-empty string');
  }
  if (!isKnownMessageType(version, messageTypeId)) return unknownMessageType(version, messageId, messageTypeId);
  switch (messageTypeId) {
    case messageTypeIds.call:
      return parseCall(version, messageId, frame);
    case messageTypeIds.callResult:
      return messageId.length > maxMessageIdLength ? answerToNoCall(messageId) : parseCallResult(messageId, frame);
    case messageTypeIds.callError:
      return messageId.length > maxMessageIdLength ? answerToNoCall(messageId) : parseCallError(messageId, frame);
    default: {
      const unreachable: never = messageTypeId;
      return unreachable;
    }
  }
}

function isKnownMessageType(version: OcppVersion, value: unknown): value is MessageTypeId {
  return versionProfile(version).messageTypes.some((known) => known === value);
}

function unknownMessageType(version: OcppVersion, messageId: string, messageTypeId: unknown): ParsedFrame {
  const description = `message type ${JSON.stringify(messageTypeId)} is not supported`;
  if (versionProfile(version).unknownMessageType === 'ignore') return { kind: 'ignored', messageId, reason: description };
  return reject(version, messageId, 'messageTypeNotSupported', description);
}

function parseCall(version: OcppVersion, messageId: string, frame: unknown[]): ParsedFrame {
  const [, , action, payload] = frame;
  if (messageId.length > maxMessageIdLength) {
    return reject(version, messageId, 'rpcFramework', `message id is longer than ${maxMessageIdLength} characters`);
  }
  if (frame.length !== 4 || typeof action !== 'string') {
    return reject(version, messageId, 'rpcFramework', 'CALL must be [2, messageId, action, payload]');
  }
  if (!isKnownAction(version, action)) return reject(version, messageId, 'notImplemented', `unknown action ${action}`);
  if (!isActionOf(version, 'fromCharger', action)) {
    return reject(version, messageId, 'notSupported', `${action} is sent by the CSMS, not by a charger`);
  }
  if (!isJsonObject(payload)) return reject(version, messageId, 'format', 'CALL payload is not a JSON object');
  return { kind: 'call', messageId, action, payload };
}

/** We never send ids over 36 characters, so such an answer cannot be to one of our calls. */
function answerToNoCall(messageId: string): ParsedFrame {
  return { kind: 'ignored', messageId, reason: `message id is longer than ${maxMessageIdLength} characters` };
}

function parseCallResult(messageId: string, frame: unknown[]): ParsedFrame {
  const [, , payload] = frame;
  if (frame.length !== 3 || !isJsonObject(payload)) {
    return { kind: 'ignored', messageId, reason: 'CALLRESULT must be [3, messageId, {payload}]' };
  }
  return { kind: 'callResult', messageId, payload };
}

/** errorDetails is required by OCPP-J, but chargers in the field omit it; an absent one reads as {}. */
function parseCallError(messageId: string, frame: unknown[]): ParsedFrame {
  const [, , errorCode, errorDescription, errorDetails = {}] = frame;
  if (
    (frame.length !== 4 && frame.length !== 5) ||
    typeof errorCode !== 'string' ||
    typeof errorDescription !== 'string' ||
    !isJsonObject(errorDetails)
  ) {
    return { kind: 'ignored', messageId, reason: 'CALLERROR must be [4, messageId, code, description, {details}]' };
  }
  return { kind: 'callError', messageId, errorCode, errorDescription, errorDetails };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(
  version: OcppVersion,
  messageId: string,
  kind: Parameters<typeof rpcError>[1],
  description: string,
): ParsedFrame {
  return { kind: 'rejected', messageId, error: rpcError(version, kind, description) };
}
