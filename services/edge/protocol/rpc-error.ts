import type { OcppVersion } from './versions.ts';

/**
 * What went wrong, in protocol-neutral words. Each version spells the CALLERROR code differently
 * (1.6 says 'FormationViolation' and 'OccurenceConstraintViolation', both sic), so code is chosen per
 * version from this kind, never hard-coded at the call site.
 */
export type RpcFailureKind =
  | 'notImplemented'
  | 'notSupported'
  | 'internal'
  | 'protocol'
  | 'security'
  | 'format'
  | 'pduStructure'
  | 'propertyConstraint'
  | 'occurrenceConstraint'
  | 'typeConstraint'
  | 'generic'
  | 'messageTypeNotSupported'
  | 'rpcFramework';

export type RpcErrorCode =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormationViolation'
  | 'FormatViolation'
  | 'PropertyConstraintViolation'
  | 'OccurenceConstraintViolation'
  | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError'
  | 'MessageTypeNotSupported'
  | 'RpcFrameworkError';

export interface RpcError {
  readonly code: RpcErrorCode;
  readonly description: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * 'pduStructure' (a property the message does not define) follows the words of each spec: 1.6 calls
 * "not conform the PDU structure" a FormationViolation, 2.0.1 calls it a ProtocolError.
 * 1.6 has no MessageTypeNotSupported nor RpcFrameworkError: an unreadable RPC envelope is the
 * closest thing it has, a FormationViolation ("not conform the PDU structure").
 */
const codesByVersion: Readonly<Record<OcppVersion, Readonly<Record<RpcFailureKind, RpcErrorCode>>>> = {
  'ocpp1.6': {
    notImplemented: 'NotImplemented',
    notSupported: 'NotSupported',
    internal: 'InternalError',
    protocol: 'ProtocolError',
    security: 'SecurityError',
    format: 'FormationViolation',
    pduStructure: 'FormationViolation',
    propertyConstraint: 'PropertyConstraintViolation',
    occurrenceConstraint: 'OccurenceConstraintViolation',
    typeConstraint: 'TypeConstraintViolation',
    generic: 'GenericError',
    messageTypeNotSupported: 'FormationViolation',
    rpcFramework: 'FormationViolation',
  },
  'ocpp2.0.1': {
    notImplemented: 'NotImplemented',
    notSupported: 'NotSupported',
    internal: 'InternalError',
    protocol: 'ProtocolError',
    security: 'SecurityError',
    format: 'FormatViolation',
    pduStructure: 'ProtocolError',
    propertyConstraint: 'PropertyConstraintViolation',
    occurrenceConstraint: 'OccurrenceConstraintViolation',
    typeConstraint: 'TypeConstraintViolation',
    generic: 'GenericError',
    messageTypeNotSupported: 'MessageTypeNotSupported',
    rpcFramework: 'RpcFrameworkError',
  },
};

/** OCPP-J caps errorDescription at 255 characters. */
const maxDescriptionLength = 255;

export function rpcError(
  version: OcppVersion,
  kind: RpcFailureKind,
  description: string,
  details: Readonly<Record<string, unknown>> = {},
): RpcError {
  return {
    code: codesByVersion[version][kind],
    description: description.length > maxDescriptionLength ? description.slice(0, maxDescriptionLength) : description,
    details,
  };
}
