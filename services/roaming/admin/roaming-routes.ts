import type { Request } from 'express';
import type { Clock } from '../../core/clock.ts';
import type { AdminRouteRegistrar } from '../../core/http/admin-api.ts';
import { ApiError } from '../../core/http/api-error.ts';
import type { JsonSchema, OpenApiParameter } from '../../core/http/openapi.ts';
import type { PartyObject, RoamingKind, RoamingTopic } from '../ocpi/roaming-kind.ts';
import type { RoamingStore } from '../roaming-store.ts';

export interface RoamingRoutesDeps<O extends PartyObject> {
  readonly store: RoamingStore<O>;
  readonly clock: Clock;
  /** How GET shows a stored object (locations: with live EVSE statuses). */
  readonly present: (object: O) => O;
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const partyParameters: readonly OpenApiParameter[] = [
  { name: 'country_code', in: 'query', description: 'Owner country code, when several parties have an object with this id', schema: { type: 'string' } },
  { name: 'party_id', in: 'query', description: 'Owner party id, when several parties have an object with this id', schema: { type: 'string' } },
];

/**
 * `GET /{plural}`, `GET|PUT|DELETE /{plural}/{id}` for one roaming kind. The path id names the object;
 * the body may leave its id out, and must not contradict it. Objects of different parties may share an id:
 * then `country_code` and `party_id` query parameters pick one. A kind with a qualifier (tokens: `type`)
 * takes it as a query parameter on every one of these, with the same rules as the path id.
 */
export function registerRoamingRoutes<T extends RoamingTopic, O extends PartyObject>(admin: AdminRouteRegistrar, kind: RoamingKind<T, O>, deps: RoamingRoutesDeps<O>): void {
  const { store } = deps;
  const kindTitle = kind.singular.charAt(0).toUpperCase() + kind.singular.slice(1);
  const pluralTitle = kind.plural.charAt(0).toUpperCase() + kind.plural.slice(1);
  const path = `/${kind.plural}/{${kind.idField}}`;
  const objectSchema: JsonSchema = { ...kind.bodySchema, description: `OCPI 2.2.1 ${kindTitle} object` };
  const idParameter: OpenApiParameter = { name: kind.idField, in: 'path', required: true, description: `The ${kind.singular}'s OCPI ${kind.idField}`, schema: { type: 'string', maxLength: 36 } };
  const { qualifier } = kind;
  const qualifierParameters: readonly OpenApiParameter[] =
    qualifier === undefined
      ? []
      : [{ name: qualifier.field, in: 'query', description: qualifier.description, schema: { type: 'string', enum: [...qualifier.values], default: qualifier.defaultValue } }];
  const keyFields = qualifier === undefined ? kind.idField : `${kind.idField}/${qualifier.field}`;

  /** The qualifier the request names (its default when it names none); null for a kind without one. */
  const qualifierOf = (request: Request): { readonly field: string; readonly value: string; matches(object: O): boolean } | null => {
    if (qualifier === undefined) return null;
    const value = request.query[qualifier.field] ?? qualifier.defaultValue;
    if (typeof value !== 'string' || !qualifier.values.includes(value)) {
      throw new ApiError(400, `invalid_${kind.singular}_${qualifier.field}`, `${qualifier.field} must be one of ${qualifier.values.join(', ')}`);
    }
    return { field: qualifier.field, value, matches: (object) => qualifier.of(object) === value };
  };

  const idOf = (request: Request): string => {
    const raw = request.params[kind.idField];
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > 36) throw new ApiError(400, `invalid_${kind.singular}_${kind.idField}`, `${kind.idField} must be 1 to 36 characters`);
    return raw;
  };

  const found = (request: Request): O => {
    const id = idOf(request);
    const named = qualifierOf(request);
    const countryCode = request.query['country_code'];
    const partyId = request.query['party_id'];
    const candidates = store
      .withId(id)
      .filter(
        (object) =>
          (countryCode === undefined || object.country_code === countryCode) &&
          (partyId === undefined || object.party_id === partyId) &&
          (named?.matches(object) ?? true),
      );
    const [only, ...others] = candidates;
    if (only === undefined) throw new ApiError(404, `unknown_${kind.singular}`, `no ${kind.singular} ${named === null ? id : `${id} of ${named.field} ${named.value}`}`);
    if (others.length > 0) {
      const parties = candidates.map((object) => `${object.country_code}/${object.party_id}`).join(', ');
      throw new ApiError(409, `ambiguous_${kind.singular}`, `${kind.plural} of several parties have ${kind.idField} ${id} (${parties}); add country_code and party_id`);
    }
    return only;
  };

  admin.register({
    method: 'get',
    path: `/${kind.plural}`,
    operation: {
      operationId: `list${pluralTitle}`,
      summary: `Every ${kind.singular}, local and from roaming partners`,
      tags: ['roaming'],
      responses: { '200': { description: `${pluralTitle}, by country_code/party_id/${keyFields}`, content: json({ type: 'array', items: objectSchema }) } },
    },
    handler: (_request, response) => {
      response.json(store.list().map(deps.present));
    },
  });

  admin.register({
    method: 'get',
    path,
    operation: {
      operationId: `get${kindTitle}`,
      summary: `One ${kind.singular}`,
      tags: ['roaming'],
      parameters: [idParameter, ...qualifierParameters, ...partyParameters],
      responses: {
        '200': { description: `The ${kind.singular}`, content: json(objectSchema) },
        '404': { description: 'Unknown' },
        '409': { description: 'Several parties have this id: name one' },
      },
    },
    handler: (request, response) => {
      response.json(deps.present(found(request)));
    },
  });

  admin.register({
    method: 'put',
    path,
    operation: {
      operationId: `put${kindTitle}`,
      summary: `Create or replace a ${kind.singular}`,
      description: `Stored on the compacted topic ${kind.topic} under country_code/party_id/${keyFields}; last_updated is stamped by the server.`,
      tags: ['roaming'],
      parameters: [idParameter, ...qualifierParameters],
      requestBody: { required: true, content: json(objectSchema) },
      responses: {
        '200': { description: 'Replaced', content: json(objectSchema) },
        '201': { description: 'Created', content: json(objectSchema) },
        '400': { description: `Not a valid OCPI ${kindTitle}: the message lists every problem` },
      },
    },
    handler: async (request, response) => {
      const id = idOf(request);
      const body: unknown = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, `invalid_${kind.singular}`, `expected a JSON ${kindTitle} object`);
      const given = body as Record<string, unknown>;
      const identity: Record<string, string> = {};
      const assertAgrees = (field: string, value: string, where: string): void => {
        const stated = given[field];
        if (stated !== undefined && stated !== value) throw new ApiError(400, `invalid_${kind.singular}`, `${field}: the body says ${JSON.stringify(stated)} but the ${where} says ${JSON.stringify(value)}`);
        identity[field] = value;
      };
      assertAgrees(kind.idField, id, 'path');
      const named = qualifierOf(request);
      if (named !== null) assertAgrees(named.field, named.value, 'query');
      const accepted = kind.accept({ ...body, ...identity }, deps.clock.now());
      if (!accepted.ok) throw new ApiError(400, `invalid_${kind.singular}`, accepted.problems.join('; '));
      const before = await store.put(accepted.object);
      response.status(before === undefined ? 201 : 200).json(deps.present(accepted.object));
    },
  });

  admin.register({
    method: 'delete',
    path,
    operation: {
      operationId: `delete${kindTitle}`,
      summary: `Delete a ${kind.singular} (a tombstone on ${kind.topic})`,
      tags: ['roaming'],
      parameters: [idParameter, ...qualifierParameters, ...partyParameters],
      responses: { '204': { description: 'Deleted' }, '404': { description: 'Unknown' }, '409': { description: 'Several parties have this id: name one' } },
    },
    handler: async (request, response) => {
      const object = found(request);
      await store.remove(kind.keyOf(object));
      response.status(204).end();
    },
  });
}
