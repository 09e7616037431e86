/** Just enough of OpenAPI 3.1 to describe the admin API; operations stay open for richer fields. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export const httpMethods: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export type JsonSchema = Readonly<Record<string, unknown>>;

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface OpenApiResponse {
  readonly description: string;
  readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>>;
  };
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
}

export interface DocumentedRoute {
  readonly method: HttpMethod;
  /** An OpenAPI path template relative to the API base, e.g. `/chargers/{chargerId}`. */
  readonly path: string;
  readonly operation: OpenApiOperation;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly servers: readonly { readonly url: string }[];
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly components: {
    readonly securitySchemes: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly schemas: Readonly<Record<string, JsonSchema>>;
  };
  readonly paths: Readonly<Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>>;
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/** Every admin operation can answer these; documenting them once here keeps registrations short. */
const commonResponses: Readonly<Record<string, OpenApiResponse>> = {
  '401': { description: 'Missing or invalid bearer token', content: errorContent },
  '500': { description: 'Unexpected failure', content: errorContent },
};

export function pathParameterNames(pathTemplate: string): string[] {
  return [...pathTemplate.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
}

/** `/chargers/{chargerId}` → `/chargers/:chargerId` (express 5 / path-to-regexp 8 syntax). */
export function toExpressPath(pathTemplate: string): string {
  return pathTemplate.replace(/\{([^}]+)\}/g, ':$1');
}

/** The inverse of toExpressPath, for comparing what is mounted with what is documented. */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function buildOpenApiDocument(
  info: { title: string; version: string; basePath: string },
  routes: readonly DocumentedRoute[],
): OpenApiDocument {
  const paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>> = {};
  const sorted = [...routes].sort((left, right) => left.path.localeCompare(right.path));
  for (const route of sorted) {
    const item = (paths[route.path] ??= {});
    item[route.method] = withDefaults(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.basePath }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

/** Adds the path parameters the template implies and the common error responses, unless given. */
function withDefaults(route: DocumentedRoute): OpenApiOperation {
  const given = route.operation.parameters ?? [];
  const implied: OpenApiParameter[] = pathParameterNames(route.path)
    .filter((name) => !given.some((parameter) => parameter.in === 'path' && parameter.name === name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const parameters = [...given, ...implied];
  return {
    ...route.operation,
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: { ...commonResponses, ...route.operation.responses },
  };
}
