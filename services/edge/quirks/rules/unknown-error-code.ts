import { isJsonObject } from '../../protocol/frame.ts';
import { parentPointer, valueAt } from '../json-pointer.ts';
import type { QuirkRule } from '../quirk-rule.ts';

/** 1.6 vendorErrorCode is CiString50. */
const maxVendorErrorCodeLength = 50;

/**
 * A 1.6 StatusNotification errorCode outside the enumeration: the Legrand GreenUp sends
 * "errorCode": "Error" with status Faulted (lbbrhzn/ocpp#1248). It becomes OtherError, the code 1.6
 * provides for vendor errors, and the charger's own word moves to vendorErrorCode unless one was sent.
 */
export const unknownErrorCodeAsOtherError: QuirkRule = {
  name: 'unknown-error-code-as-other-error',
  trigger: 'invalid',
  repair: (input) => {
    if (input.version !== 'ocpp1.6' || input.kind !== 'request' || input.action !== 'StatusNotification') return false;
    const violation = input.violations.find((v) => v.keyword === 'enum' && v.path === '/errorCode');
    if (violation === undefined) return false;
    const sent = valueAt(input.payload, violation.path);
    const status = valueAt(input.payload, parentPointer(violation.path));
    if (typeof sent !== 'string' || !isJsonObject(status)) return false;
    status['errorCode'] = 'OtherError';
    if (status['vendorErrorCode'] === undefined && sent.length <= maxVendorErrorCodeLength) status['vendorErrorCode'] = sent;
    return true;
  },
};
