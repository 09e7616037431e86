import type { RpcError } from './rpc-error.ts';
import { messageTypeIds } from './versions.ts';

export function serializeCall(messageId: string, action: string, payload: object): string {
  return JSON.stringify([messageTypeIds.call, messageId, action, payload]);
}

export function serializeResult(messageId: string, payload: object): string {
  return JSON.stringify([messageTypeIds.callResult, messageId, payload]);
}

export function serializeError(messageId: string, error: RpcError): string {
  return JSON.stringify([messageTypeIds.callError, messageId, error.code, error.description, error.details]);
}
