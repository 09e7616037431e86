import { acknowledge, missingInput, notSupported, result, type ActionDecider, type DecisionInput } from './decision.ts';
import { answerBootNotification, answerHeartbeat, decideDataTransferCall } from './shared-deciders.ts';
import { toIdTagInfo } from './token-decision.ts';

const idTagInfo = (input: DecisionInput) => (input.tokenDecision === null ? null : toIdTagInfo(input.tokenDecision));

export const deciders16: Readonly<Record<string, ActionDecider>> = {
  BootNotification: answerBootNotification,
  Heartbeat: answerHeartbeat,
  StatusNotification: acknowledge,
  Authorize: (input) => {
    const info = idTagInfo(input);
    return info === null ? missingInput(input, 'the token decision') : result({ idTagInfo: info });
  },
  StartTransaction: (input) => {
    const info = idTagInfo(input);
    if (info === null) return missingInput(input, 'the token decision');
    if (input.transactionId === null) return missingInput(input, 'the transaction id');
    return result({ transactionId: input.transactionId, idTagInfo: info });
  },
  /** idTagInfo is optional in the answer and only meaningful when the charger sent an idTag. */
  StopTransaction: (input) => {
    const info = idTagInfo(input);
    return result(info === null ? {} : { idTagInfo: info });
  },
  MeterValues: acknowledge,
  DataTransfer: (input) => {
    const answer = decideDataTransferCall(input);
    if (answer.data === undefined) return result({ status: answer.status });
    // 1.6 data is text: a handler's structured answer travels as its JSON.
    return result({ status: answer.status, data: typeof answer.data === 'string' ? answer.data : JSON.stringify(answer.data) });
  },
  FirmwareStatusNotification: acknowledge,
  DiagnosticsStatusNotification: acknowledge,
  LogStatusNotification: acknowledge,
  SecurityEventNotification: acknowledge,
  SignedFirmwareStatusNotification: acknowledge,
  SignCertificate: notSupported,
};
