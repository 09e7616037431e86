import type { JsonObject } from '../protocol/frame.ts';
import { rpcError, type RpcError } from '../protocol/rpc-error.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { BootPolicy, BootTimings } from './boot-decision.ts';
import type { DataTransferHandlers } from './data-transfer.ts';
import type { TokenDecision } from './token-decision.ts';

/** Everything a decision may depend on, resolved by the caller beforehand (see requirements.ts). */
export interface DecisionInput {
  readonly version: OcppVersion;
  readonly action: string;
  /** Already validated against the request schema. */
  readonly payload: JsonObject;
  readonly now: number;
  readonly bootPolicy: BootPolicy;
  readonly timings: BootTimings;
  /** Required when requirementsOf(...).idToken is not null. */
  readonly tokenDecision: TokenDecision | null;
  /** Required when requirementsOf(...).needsTransactionId. */
  readonly transactionId: number | null;
  readonly dataTransferHandlers: DataTransferHandlers;
}

export type CsmsDecision =
  | { readonly kind: 'result'; readonly payload: JsonObject }
  | { readonly kind: 'error'; readonly error: RpcError };

export type ActionDecider = (input: DecisionInput) => CsmsDecision;

export function result(payload: JsonObject): CsmsDecision {
  return { kind: 'result', payload };
}

export const acknowledge: ActionDecider = () => result({});

/** A missing input is the caller's bug; the charger sees an InternalError rather than a made-up answer. */
export function missingInput(input: DecisionInput, what: string): CsmsDecision {
  return { kind: 'error', error: rpcError(input.version, 'internal', `${input.action}: ${what} was not resolved`) };
}

export function notSupported(input: DecisionInput): CsmsDecision {
  return { kind: 'error', error: rpcError(input.version, 'notSupported', `${input.action} is not supported by this CSMS`) };
}
