import type { JsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { IdToken } from '../normalize/domain-events.ts';
import { idTokenOfCall } from '../normalize/id-token.ts';

/** What the caller must resolve (through its ports) before the CSMS can decide a call. */
export interface CallRequirements {
  /** Look this token up and pass the TokenDecision in. */
  readonly idToken: IdToken | null;
  /** Allocate a transaction id from the durable allocator (1.6 StartTransaction). */
  readonly needsTransactionId: boolean;
  /** Answer only after the call's events are durably appended. */
  readonly awaitsDurableAppend: boolean;
}

/**
 * Transaction-related messages are the ones a charger queues and retries while offline; acknowledging
 * one that is then lost loses billing data.
 */
const transactionMessages: Readonly<Record<OcppVersion, readonly string[]>> = {
  'ocpp1.6': ['StartTransaction', 'StopTransaction', 'MeterValues'],
  'ocpp2.0.1': ['TransactionEvent', 'MeterValues'],
};

/** Only 1.6 has the CSMS assign transaction ids; 2.0.1 chargers bring their own. */
const transactionIdAssigners: Readonly<Record<OcppVersion, readonly string[]>> = {
  'ocpp1.6': ['StartTransaction'],
  'ocpp2.0.1': [],
};

export function isTransactionMessage(version: OcppVersion, action: string): boolean {
  return transactionMessages[version].includes(action);
}

export function requirementsOf(version: OcppVersion, action: string, payload: JsonObject): CallRequirements {
  return {
    idToken: idTokenOfCall(version, action, payload),
    needsTransactionId: transactionIdAssigners[version].includes(action),
    awaitsDurableAppend: isTransactionMessage(version, action),
  };
}
