import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Validation against the OCPI 2.2.1 JSON schemas in test/ocpi/spec-schemas, written from the spec's object
 * tables (mandatory fields, types, string lengths, enums, DateTime) and proven by the spec's own examples
 * (test/ocpi/ocpi-spec-schemas.test.ts). Unknown fields are errors: nothing of ours may leak into what a
 * partner receives.
 *
 *   expect(validateOcpiObject('Location', location).errors).toEqual([]);
 *   assertValidOcpiObject('Cdr', cdr);                       // throws with every error listed
 *   validateOcpiObject('Session', patchBody, { partial: true }); // a PATCH: no field is mandatory
 */

export type OcpiObjectKind =
  | 'AdditionalGeoLocation' | 'AuthorizationInfo' | 'BusinessDetails' | 'CancelReservation' | 'Cdr' | 'CdrDimension' | 'CdrLocation'
  | 'CdrToken' | 'ChargingPeriod' | 'CommandResponse' | 'CommandResult' | 'Connector' | 'Credentials' | 'CredentialsRole' | 'DisplayText'
  | 'EVSE' | 'Endpoint' | 'EnergyContract' | 'EnergyMix' | 'EnergySource' | 'EnvironmentalImpact' | 'ExceptionalPeriod' | 'GeoLocation'
  | 'Hours' | 'Image' | 'Location' | 'LocationReferences' | 'Price' | 'PriceComponent' | 'PublishTokenType' | 'RegularHours' | 'ReserveNow'
  | 'Response' | 'Session' | 'SignedData' | 'SignedValue' | 'StartSession' | 'StatusSchedule' | 'StopSession' | 'Tariff' | 'TariffElement'
  | 'TariffRestrictions' | 'Token' | 'UnlockConnector' | 'Version' | 'VersionDetails';

export interface OcpiValidation {
  readonly valid: boolean;
  /** `path: message` for every violation; empty when valid. */
  readonly errors: readonly string[];
}

const schemaDirectory = new URL('../spec-schemas/', import.meta.url);
const schemaBase = 'https://switchyard.invalid/ocpi/2.2.1/';

interface ObjectSchema {
  readonly $id: string;
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

function loadSchemas(): ObjectSchema[] {
  return readdirSync(schemaDirectory)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(new URL(name, schemaDirectory), 'utf8')) as ObjectSchema);
}

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv, ['uri']);
  for (const schema of loadSchemas()) {
    ajv.addSchema(schema);
    // A PATCH body is a partial object: same fields and types, none of them mandatory.
    if (schema.required !== undefined) ajv.addSchema({ ...schema, $id: schema.$id.replace(/\.json$/, '.partial.json'), required: [] });
  }
  return ajv;
}

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(kind: OcpiObjectKind, partial: boolean): ValidateFunction {
  const id = `${schemaBase}${kind}${partial ? '.partial' : ''}.json`;
  const known = validators.get(id);
  if (known !== undefined) return known;
  ajv ??= createAjv();
  const validator = ajv.getSchema(id);
  if (validator === undefined) throw new Error(`no OCPI schema ${id}`);
  validators.set(id, validator);
  return validator;
}

export function validateOcpiObject(kind: OcpiObjectKind, value: unknown, options: { readonly partial?: boolean } = {}): OcpiValidation {
  const validator = validatorFor(kind, options.partial ?? false);
  if (validator(value)) return { valid: true, errors: [] };
  const errors = (validator.errors ?? []).map((error) => {
    const detail = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
    return `${error.instancePath === '' ? '/' : error.instancePath}: ${error.message ?? error.keyword}${detail}`;
  });
  return { valid: false, errors };
}

export function assertValidOcpiObject(kind: OcpiObjectKind, value: unknown, options: { readonly partial?: boolean } = {}): void {
  const { errors } = validateOcpiObject(kind, value, options);
  if (errors.length > 0) throw new Error(`not a valid OCPI 2.2.1 ${kind}${options.partial === true ? ' (partial)' : ''}:\n  ${errors.join('\n  ')}\n${JSON.stringify(value, null, 2).slice(0, 2_000)}`);
}
