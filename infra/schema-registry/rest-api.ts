import { isCompatibilityLevel, type CompatibilityLevel } from '../../services/core/serde/compatibility.ts';
import type { RegistryFailure, RegistryStore, VersionSelector } from '../../services/core/serde/registry-store.ts';

/**
 * The subset of the Confluent Schema Registry REST API that @kafkajs/confluent-schema-registry and Kafka
 * tooling call, answered from a RegistryStore. Pure request -> response; server.ts does the HTTP.
 * Error bodies and codes follow Confluent: { error_code, message }.
 */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when there was none. */
  readonly body: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** The store changed: persist it before answering. */
  readonly mutated: boolean;
}

const errorCodes = {
  subjectNotFound: 40401,
  versionNotFound: 40402,
  schemaNotFound: 40403,
  subjectLevelCompatibilityNotConfigured: 40408,
  invalidSchema: 42201,
  invalidVersion: 42202,
  invalidCompatibilityLevel: 42203,
  incompatibleSchema: 409,
} as const;

function ok(body: unknown, mutated = false): ApiResponse {
  return { status: 200, body, mutated };
}

function fail(status: number, errorCode: number, message: string): ApiResponse {
  return { status, body: { error_code: errorCode, message }, mutated: false };
}

function failureResponse(failure: RegistryFailure): ApiResponse {
  switch (failure.kind) {
    case 'invalid_schema':
      return fail(422, errorCodes.invalidSchema, failure.message);
    case 'incompatible':
      return fail(409, errorCodes.incompatibleSchema, failure.message);
    default: {
      const unknownFailure: never = failure;
      throw new Error(`unknown registry failure ${JSON.stringify(unknownFailure)}`);
    }
  }
}

const subjectNotFound = (subject: string): ApiResponse => fail(404, errorCodes.subjectNotFound, `Subject '${subject}' not found.`);

function parseVersion(text: string): VersionSelector | undefined {
  if (text === 'latest' || text === '-1') return 'latest';
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const version = Number(text);
  return version <= 2 ** 31 - 1 ? version : undefined;
}

type SchemaBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly response: ApiResponse };

/** { schema, schemaType?, references? }: only self-contained Avro schemas are accepted. */
function readSchemaBody(body: unknown): SchemaBody {
  if (typeof body !== 'object' || body === null || typeof (body as { schema?: unknown }).schema !== 'string') {
    return { ok: false, response: fail(422, errorCodes.invalidSchema, 'Request body must be {"schema": "<schema text>"}') };
  }
  const { schema, schemaType, references } = body as { schema: string; schemaType?: unknown; references?: unknown };
  if (schemaType !== undefined && schemaType !== 'AVRO') {
    return { ok: false, response: fail(422, errorCodes.invalidSchema, `Schema type ${String(schemaType)} is not supported here: only AVRO`) };
  }
  if (Array.isArray(references) && references.length > 0) {
    return { ok: false, response: fail(422, errorCodes.invalidSchema, 'Schema references are not supported here: register self-contained schemas') };
  }
  return { ok: true, text: schema };
}

function readCompatibilityBody(body: unknown): { ok: true; level: CompatibilityLevel } | { ok: false; response: ApiResponse } {
  const level = typeof body === 'object' && body !== null ? (body as { compatibility?: unknown }).compatibility : undefined;
  if (!isCompatibilityLevel(level)) {
    return { ok: false, response: fail(422, errorCodes.invalidCompatibilityLevel, `Invalid compatibility level ${JSON.stringify(level)}`) };
  }
  return { ok: true, level };
}

type Handler = (store: RegistryStore, params: readonly string[], request: ApiRequest) => ApiResponse;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: Handler;
}

const segment = '([^/]+)';

const routes: readonly Route[] = [
  { method: 'GET', pattern: /^\/$/, handle: () => ok({}) },
  { method: 'GET', pattern: /^\/schemas\/types$/, handle: () => ok(['AVRO']) },
  { method: 'GET', pattern: /^\/subjects$/, handle: (store) => ok(store.subjects()) },
  {
    method: 'GET',
    pattern: new RegExp(`^/schemas/ids/${segment}$`),
    handle: (store, [idText]) => {
      const schema = /^[0-9]+$/.test(idText ?? '') ? store.schemaById(Number(idText)) : undefined;
      return schema === undefined ? fail(404, errorCodes.schemaNotFound, 'Schema not found') : ok({ schema });
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/subjects/${segment}/versions$`),
    handle: (store, [subject = '']) => {
      const versions = store.versions(subject);
      return versions === undefined ? subjectNotFound(subject) : ok(versions);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/subjects/${segment}/versions/${segment}$`),
    handle: (store, [subject = '', versionText = '']) => {
      const selector = parseVersion(versionText);
      if (selector === undefined) return fail(422, errorCodes.invalidVersion, `The specified version '${versionText}' is not a valid version id`);
      if (store.versions(subject) === undefined) return subjectNotFound(subject);
      const found = store.version(subject, selector);
      return found === undefined ? fail(404, errorCodes.versionNotFound, `Version ${versionText} not found.`) : ok(found);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/subjects/${segment}/versions$`),
    handle: (store, [subject = ''], request) => {
      const schema = readSchemaBody(request.body);
      if (!schema.ok) return schema.response;
      const outcome = store.register(subject, schema.text);
      return outcome.ok ? ok({ id: outcome.registered.id }, true) : failureResponse(outcome.failure);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/subjects/${segment}$`),
    handle: (store, [subject = ''], request) => {
      const schema = readSchemaBody(request.body);
      if (!schema.ok) return schema.response;
      if (store.versions(subject) === undefined) return subjectNotFound(subject);
      const found = store.lookup(subject, schema.text);
      return found === undefined ? fail(404, errorCodes.schemaNotFound, 'Schema not found') : ok(found);
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/compatibility/subjects/${segment}/versions/${segment}$`),
    handle: (store, [subject = '', versionText = ''], request) => {
      const selector = parseVersion(versionText);
      if (selector === undefined) return fail(422, errorCodes.invalidVersion, `The specified version '${versionText}' is not a valid version id`);
      const schema = readSchemaBody(request.body);
      if (!schema.ok) return schema.response;
      if (store.versions(subject) === undefined) return subjectNotFound(subject);
      if (store.version(subject, selector) === undefined) return fail(404, errorCodes.versionNotFound, `Version ${versionText} not found.`);
      const verdict = store.testCompatibility(subject, schema.text, selector);
      if (verdict.ok) return ok({ is_compatible: true });
      if (verdict.failure.kind === 'invalid_schema') return failureResponse(verdict.failure);
      const verbose = request.query.get('verbose') === 'true';
      return ok(verbose ? { is_compatible: false, messages: verdict.failure.details } : { is_compatible: false });
    },
  },
  { method: 'GET', pattern: /^\/config$/, handle: (store) => ok({ compatibilityLevel: store.globalCompatibilityLevel() }) },
  {
    method: 'PUT',
    pattern: /^\/config$/,
    handle: (store, _params, request) => {
      const parsed = readCompatibilityBody(request.body);
      if (!parsed.ok) return parsed.response;
      store.setCompatibility(parsed.level);
      return ok({ compatibility: parsed.level }, true);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/config/${segment}$`),
    handle: (store, [subject = ''], request) => {
      const level = store.subjectCompatibility(subject);
      if (level !== undefined) return ok({ compatibilityLevel: level });
      if (request.query.get('defaultToGlobal') === 'true') return ok({ compatibilityLevel: store.globalCompatibilityLevel() });
      return fail(404, errorCodes.subjectLevelCompatibilityNotConfigured, `Subject '${subject}' does not have subject-level compatibility configured`);
    },
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^/config/${segment}$`),
    handle: (store, [subject = ''], request) => {
      const parsed = readCompatibilityBody(request.body);
      if (!parsed.ok) return parsed.response;
      store.setCompatibility(parsed.level, subject);
      return ok({ compatibility: parsed.level }, true);
    },
  },
];

export function handleRegistryRequest(store: RegistryStore, request: ApiRequest): ApiResponse {
  const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    pathMatched = true;
    if (route.method !== request.method) continue;
    let params: string[];
    try {
      params = match.slice(1).map((part) => decodeURIComponent(part));
    } catch {
      return fail(400, 400, `Malformed path ${request.path}`);
    }
    return route.handle(store, params, request);
  }
  return pathMatched ? fail(405, 405, `Method ${request.method} not allowed on ${path}`) : fail(404, 404, `HTTP 404 Not Found: ${path}`);
}
