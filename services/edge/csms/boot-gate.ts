import type { JsonObject } from '../protocol/frame.ts';
import { rpcError, type RpcError } from '../protocol/rpc-error.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { RegistrationStatus } from '../normalize/domain-events.ts';

/**
 * Whether a charger that is not (yet) accepted may send this call. OCPP 2.0.1 (part 2, generic
 * requirement FR.04, and B02.FR.09 for Pending) makes the CSMS answer anything but BootNotification with
 * CALLERROR SecurityError, except, while Pending, the messages the CSMS itself triggered. OCPP 1.6 puts
 * that duty on the charger only ("SHALL NOT send request messages"), so a 1.6 CSMS admits every call.
 */
const gatedVersions: Readonly<Record<OcppVersion, boolean>> = {
  'ocpp1.6': false,
  'ocpp2.0.1': true,
};

/**
 * `registration` is the charger's last known boot answer (this connection's, or the last ChargerBooted
 * event's); null when none is known, which admits the call: a lost memory must not lock a charger out.
 * Returns the CALLERROR to answer with, or null to go on.
 */
export function refuseBeforeAcceptance(
  version: OcppVersion,
  action: string,
  registration: RegistrationStatus | null,
  triggeredWhilePending: ReadonlySet<string>,
): RpcError | null {
  if (!gatedVersions[version] || registration === null || registration === 'Accepted' || action === 'BootNotification') return null;
  if (registration === 'Pending' && triggeredWhilePending.has(action)) return null;
  return rpcError(version, 'security', `${action} is not allowed while the charger's registration is ${registration}`);
}

/** 2.0.1 asks for certificate signing through three trigger names, all answered with SignCertificate. */
const signingTriggers = new Set(['SignChargingStationCertificate', 'SignV2GCertificate', 'SignCombinedCertificate']);

/** The charger call a CSMS request provokes, which a Pending charger may then send. */
export function actionTriggeredBy(action: string, payload: JsonObject): string | null {
  switch (action) {
    case 'TriggerMessage': {
      const requested = payload['requestedMessage'];
      if (typeof requested !== 'string') return null;
      return signingTriggers.has(requested) ? 'SignCertificate' : requested;
    }
    case 'GetBaseReport':
    case 'GetReport':
      return 'NotifyReport';
    default:
      return null;
  }
}
