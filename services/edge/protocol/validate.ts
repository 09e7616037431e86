import type { ErrorObject } from 'ajv';
import { rpcError, type RpcError, type RpcFailureKind } from './rpc-error.ts';
import { schemaValidator, type MessageKind } from './schema-catalogue.ts';
import type { OcppVersion } from './versions.ts';

export interface SchemaViolation {
  /** JSON pointer into the payload ('' is the payload itself). */
  readonly path: string;
  readonly keyword: string;
  readonly message: string;
  readonly kind: RpcFailureKind;
  /** ajv's parameters for the keyword (expected type, limit, format, allowed values). */
  readonly params: Readonly<Record<string, unknown>>;
}

export type ValidationOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: RpcError; readonly violations: readonly SchemaViolation[] };

/**
 * How a schema keyword maps onto the OCPP-J error vocabulary: a value of the wrong JSON type is a
 * TypeConstraintViolation, a cardinality breach (missing required field, too many items) an
 * OccurrenceConstraintViolation, a value outside its allowed set or bounds a PropertyConstraintViolation,
 * and a property the message does not define breaks the PDU structure.
 */
const failureKindByKeyword: Readonly<Record<string, RpcFailureKind>> = {
  type: 'typeConstraint',
  required: 'occurrenceConstraint',
  minItems: 'occurrenceConstraint',
  maxItems: 'occurrenceConstraint',
  minProperties: 'occurrenceConstraint',
  maxProperties: 'occurrenceConstraint',
  additionalProperties: 'pduStructure',
  enum: 'propertyConstraint',
  const: 'propertyConstraint',
  format: 'propertyConstraint',
  pattern: 'propertyConstraint',
  maxLength: 'propertyConstraint',
  minLength: 'propertyConstraint',
  minimum: 'propertyConstraint',
  maximum: 'propertyConstraint',
  exclusiveMinimum: 'propertyConstraint',
  exclusiveMaximum: 'propertyConstraint',
  multipleOf: 'propertyConstraint',
};

/** When a payload breaks several rules, the most fundamental one names the CALLERROR. */
const precedence: readonly RpcFailureKind[] = [
  'format',
  'pduStructure',
  'typeConstraint',
  'occurrenceConstraint',
  'propertyConstraint',
];

/** Enough to diagnose; a hostile payload must not turn into an unbounded errorDetails. */
const maxReportedViolations = 10;

export function validateCall(version: OcppVersion, action: string, payload: unknown): ValidationOutcome {
  return validate(version, action, 'request', payload);
}

export function validateResult(version: OcppVersion, action: string, payload: unknown): ValidationOutcome {
  return validate(version, action, 'response', payload);
}

function validate(version: OcppVersion, action: string, kind: MessageKind, payload: unknown): ValidationOutcome {
  const validator = schemaValidator(version, action, kind);
  if (validator === undefined) {
    return { ok: false, error: rpcError(version, 'notImplemented', `unknown action ${action}`), violations: [] };
  }
  if (validator(payload)) return { ok: true };
  const violations = (validator.errors ?? []).map(toViolation);
  const worst = precedence.find((kindOf) => violations.some((v) => v.kind === kindOf)) ?? 'format';
  const first = violations.find((v) => v.kind === worst);
  const description = first === undefined ? `${action} payload is invalid` : `${first.path || '/'} ${first.message}`;
  const details = { violations: violations.slice(0, maxReportedViolations).map(({ path, message }) => ({ path, message })) };
  return { ok: false, error: rpcError(version, worst, description, details), violations };
}

function toViolation(error: ErrorObject): SchemaViolation {
  const isRootTypeError = error.keyword === 'type' && error.instancePath === '';
  const missingProperty = error.keyword === 'required' ? `/${String(error.params['missingProperty'])}` : '';
  const extraProperty = error.keyword === 'additionalProperties' ? `/${String(error.params['additionalProperty'])}` : '';
  return {
    path: `${error.instancePath}${missingProperty}${extraProperty}`,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    kind: isRootTypeError ? 'format' : (failureKindByKeyword[error.keyword] ?? 'format'),
    params: error.params,
  };
}
