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
 * then `country_code` and `party_id` query parameters pick one.
 */
export function registerRoamingRoutes<T extends RoamingTopic, O extends PartyObject>(admin: AdminRouteRegistrar, kind: RoamingKind<T, O>, deps: RoamingRoutesDeps<O>): void {
  const { store } = deps;
  const kindTitle = kind.singular.charAt(0).toUpperCase() + kind.singular.slice(1);
  const pluralTitle = kind.plural.charAt(0).toUpperCase() + kind.plural.slice(1);
  const path = `/${kind.plural}/{${kind.idField}}`;
  const objectSchema: JsonSchema = { ...kind.bodySchema, description: `OCPI 2.2.1 ${kindTitle} object` };
  const idParameter: OpenApiParameter = { name: kind.idField, in: 'path', required: true, description: `The ${kind.singular}'s OCPI ${kind.idField}`, schema: { type: 'string', maxLength: 36 } };

  const idOf = (request: Request): string => {
    const raw = request.params[kind.idField];
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > 36) throw new ApiError(400, `invalid_${kind.singular}_${kind.idField}`, `${kind.idField} must be 1 to 36 characters`);
    return raw;
  };

  const found = (request: Request): O => {
    const id = idOf(request);
    const countryCode = request.query['country_code'];
    const partyId = request.query['party_id'];
    const candidates = store
      .withId(id)
      .filter((object) => (countryCode === undefined || object.country_code === countryCode) && (partyId === undefined || object.party_id === partyId));
    const [only, ...others] = candidates;
    if (only === undefined) throw new ApiError(404, `unknown_${kind.singular}`, `no ${kind.singular} ${id}`);
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
      responses: { '200': { description: `${pluralTitle}, by country_code/party_id/${kind.idField}`, content: json({ type: 'array', items: objectSchema }) } },
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
      parameters: [idParameter, ...partyParameters],
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
      description: `Stored on the compacted topic ${kind.topic} under country_code/party_id/${kind.idField}; last_updated is stamped by the server.`,
      tags: ['roaming'],
      parameters: [idParameter],
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
      const given: unknown = (body as Record<string, unknown>)[kind.idField];
      if (given !== undefined && given !== id) throw new ApiError(400, `invalid_${kind.singular}`, `${kind.idField}: the body says ${JSON.stringify(given)} but the path says ${JSON.stringify(id)}`);
      const accepted = kind.accept({ ...body, [kind.idField]: id }, deps.clock.now());
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
      parameters: [idParameter, ...partyParameters],
      responses: { '204': { description: 'Deleted' }, '404': { description: 'Unknown' }, '409': { description: 'Several parties have this id: name one' } },
    },
    handler: async (request, response) => {
      const object = found(request);
      await store.remove({ country_code: object.country_code, party_id: object.party_id }, kind.idOf(object));
      response.status(204).end();
    },
  });
}
