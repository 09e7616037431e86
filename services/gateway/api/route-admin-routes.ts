import type { Request } from 'express';
import { z } from 'zod';
import type { AdminRouteRegistrar } from '../../core/http/admin-api.ts';
import { ApiError } from '../../core/http/api-error.ts';
import type { JsonSchema, OpenApiParameter } from '../../core/http/openapi.ts';
import type { Clock } from '../../core/clock.ts';
import { routeKeyOf } from '../routing/route.ts';
import type { RouteBook } from '../routing/route-book.ts';
import { routeRequestSchema } from '../routing/route-request.ts';
import { validateRoute, type RequestedScope } from '../routing/route-validation.ts';
import { routeView, upstreamView } from '../routing/route-view.ts';

export interface RouteAdminDeps {
  readonly routes: RouteBook;
  readonly clock: Clock;
  /** The charger's labels from the registry, for group selectors; undefined when not registered. */
  readonly labelsOf: (chargerId: string) => Readonly<Record<string, string>> | undefined;
}

/** The admin token is shared, so the caller names itself for the audit trail (the CLI sends the OS user). */
export const actorHeader = 'x-switchyard-actor';
const anonymousActor = 'admin-api';

export const actorOf = (request: Request): string => {
  const actor = request.header(actorHeader);
  return actor === undefined || actor.trim() === '' ? anonymousActor : actor.trim().slice(0, 128);
};

export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

export function stringParam(request: Request, name: string): string {
  const raw = request.params[name];
  return typeof raw === 'string' ? raw : '';
}

const routeRequestJsonSchema: JsonSchema = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(routeRequestSchema, { io: 'input' });
  return schema;
})();

const upstreamViewSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    role: { type: 'string', enum: ['primary', 'observer'] },
    builtin: { type: 'boolean' },
    url: { type: ['string', 'null'] },
    auth: { type: 'string', enum: ['none', 'basic', 'client_certificate'] },
    basicUsername: { type: ['string', 'null'] },
    certificateFile: { type: ['string', 'null'] },
    timeouts: { type: 'object', properties: { connectMs: { type: 'integer' }, callMs: { type: 'integer' } } },
    allowedActions: { type: 'array', items: { type: 'string' } },
    catchUp: { type: 'string', enum: ['replay', 'skip'], description: 'Observers: replay the copies missed while the link was down, or skip them' },
  },
};

export const routeViewSchema: JsonSchema = {
  type: 'object',
  description: 'A route as stored; upstream Basic passwords are never shown',
  properties: {
    key: { type: 'string', description: "'charger/<id>', 'group/<name>' or 'default'" },
    scope: { type: 'object', description: "{ kind: 'charger', chargerId } | { kind: 'group', group, selector: { idPattern, labels }, priority } | { kind: 'default' }" },
    upstreams: { type: 'array', items: upstreamViewSchema },
    primaryGraceMs: { type: 'integer' },
    localAnswersWhilePrimaryDown: { type: 'boolean', description: 'Heartbeat and StatusNotification answered locally while the primary is unreachable, forwarded once it is back' },
    updatedAt: { type: 'string', format: 'date-time' },
    updatedBy: { type: 'string' },
  },
};

export const actorParameter: OpenApiParameter = {
  name: actorHeader,
  in: 'header',
  required: false,
  description: `Who makes the change, for the audit trail (default ${anonymousActor})`,
  schema: { type: 'string', maxLength: 128 },
};

const chargerIdParameter: OpenApiParameter = {
  name: 'chargerId',
  in: 'path',
  required: true,
  description: 'OCPP charger identity',
  schema: { type: 'string', maxLength: 48 },
};

export interface ScopedPath {
  readonly path: string;
  readonly noun: string;
  readonly operationSuffix: string;
  readonly parameters: readonly OpenApiParameter[];
  readonly scopeOf: (request: Request) => RequestedScope;
}

export const scopedPaths: readonly ScopedPath[] = [
  {
    path: '/routes/default',
    noun: 'the default route (chargers no other route covers)',
    operationSuffix: 'DefaultRoute',
    parameters: [],
    scopeOf: () => ({ kind: 'default' }),
  },
  {
    path: '/routes/chargers/{chargerId}',
    noun: "one charger's own route",
    operationSuffix: 'ChargerRoute',
    parameters: [chargerIdParameter],
    scopeOf: (request) => ({ kind: 'charger', chargerId: stringParam(request, 'chargerId') }),
  },
  {
    path: '/routes/groups/{group}',
    noun: 'a group route (chargers selected by id pattern and/or labels)',
    operationSuffix: 'GroupRoute',
    parameters: [{ name: 'group', in: 'path', required: true, description: 'Group name', schema: { type: 'string', maxLength: 64 } }],
    scopeOf: (request) => ({ kind: 'group', group: stringParam(request, 'group') }),
  },
];

/** GET/PUT/DELETE /api/routes/...: routes on switchyard.routes, every change audited as RouteChanged. */
export function registerRouteAdminRoutes(admin: AdminRouteRegistrar, deps: RouteAdminDeps): void {
  const { routes } = deps;

  admin.register({
    method: 'get',
    path: '/routes',
    operation: {
      operationId: 'listRoutes',
      summary: 'Every route in force, sorted by key',
      tags: ['routes'],
      responses: { '200': { description: 'Routes', content: json({ type: 'array', items: routeViewSchema }) } },
    },
    handler: (_request, response) => {
      response.json(routes.list().map(routeView));
    },
  });

  admin.register({
    method: 'get',
    path: '/routes/chargers/{chargerId}/resolution',
    operation: {
      operationId: 'resolveChargerRoute',
      summary: "Where a charger's next message goes: the matching route, its primary and observers",
      tags: ['routes'],
      parameters: [chargerIdParameter],
      responses: {
        '200': {
          description: 'The resolution; matched null means no route covers the charger and the built-in CSMS serves it',
          content: json({ type: 'object', properties: { matched: { type: ['string', 'null'] }, primary: upstreamViewSchema, observers: { type: 'array', items: upstreamViewSchema } } }),
        },
      },
    },
    handler: (request, response) => {
      const chargerId = stringParam(request, 'chargerId');
      const resolution = routes.resolve({ chargerId, labels: deps.labelsOf(chargerId) ?? {} });
      response.json({
        matched: resolution.matched === null ? null : routeKeyOf(resolution.matched),
        primary: upstreamView(resolution.primary),
        observers: resolution.observers.map(upstreamView),
      });
    },
  });

  for (const scoped of scopedPaths) {
    const found = (request: Request) => {
      const routeKey = routeKeyOf(scoped.scopeOf(request));
      const route = routes.get(routeKey);
      if (route === undefined) throw new ApiError(404, 'unknown_route', `no route ${routeKey}`);
      return route;
    };

    admin.register({
      method: 'get',
      path: scoped.path,
      operation: {
        operationId: `get${scoped.operationSuffix}`,
        summary: `Read ${scoped.noun}`,
        tags: ['routes'],
        parameters: scoped.parameters,
        responses: { '200': { description: 'The route', content: json(routeViewSchema) }, '404': { description: 'No such route' } },
      },
      handler: (request, response) => {
        response.json(routeView(found(request)));
      },
    });

    admin.register({
      method: 'put',
      path: scoped.path,
      operation: {
        operationId: `put${scoped.operationSuffix}`,
        summary: `Create or replace ${scoped.noun}`,
        description:
          'No upstream: the built-in CSMS serves alone; otherwise exactly one primary. Applies to the next message of every charger the route covers, without reconnecting. Audited as RouteChanged (who, when, before, after).',
        tags: ['routes'],
        parameters: [...scoped.parameters, actorParameter],
        requestBody: { required: true, content: json(routeRequestJsonSchema) },
        responses: {
          '200': { description: 'Route replaced', content: json(routeViewSchema) },
          '201': { description: 'Route created', content: json(routeViewSchema) },
          '400': { description: 'Refused: every problem is listed in the message' },
        },
      },
      handler: async (request, response) => {
        const parsed = routeRequestSchema.safeParse(request.body);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
          throw new ApiError(400, 'invalid_route', problems.join('; '));
        }
        const validation = validateRoute(scoped.scopeOf(request), parsed.data, { at: deps.clock.now(), by: actorOf(request) });
        if (!validation.ok) throw new ApiError(400, 'invalid_route', validation.problems.join('; '));
        const before = await routes.put(validation.route);
        response.status(before === undefined ? 201 : 200).json(routeView(validation.route));
      },
    });

    admin.register({
      method: 'delete',
      path: scoped.path,
      operation: {
        operationId: `delete${scoped.operationSuffix}`,
        summary: `Remove ${scoped.noun}; its chargers fall back to the next matching route`,
        tags: ['routes'],
        parameters: [...scoped.parameters, actorParameter],
        responses: { '204': { description: 'Removed' }, '404': { description: 'No such route' } },
      },
      handler: async (request, response) => {
        const routeKey = routeKeyOf(scoped.scopeOf(request));
        if ((await routes.remove(routeKey, actorOf(request))) === undefined) throw new ApiError(404, 'unknown_route', `no route ${routeKey}`);
        response.status(204).end();
      },
    });
  }
}
