import type { Request } from 'express';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { AdminRouteRegistrar } from '../../core/http/admin-api.ts';
import { ApiError } from '../../core/http/api-error.ts';
import type { JsonSchema } from '../../core/http/openapi.ts';
import type { MigrationTally } from '../broker/migration-tally.ts';
import { addObserver, promote, removeUpstream, type StepResult } from '../routing/migration-steps.ts';
import { routeKeyOf, type Route } from '../routing/route.ts';
import type { RouteBook } from '../routing/route-book.ts';
import { upstreamRequestSchema } from '../routing/route-request.ts';
import { upstreamOf } from '../routing/route-validation.ts';
import { routeView } from '../routing/route-view.ts';
import { actorOf, actorParameter, json, routeViewSchema, scopedPaths, stringParam } from './route-admin-routes.ts';

export interface MigrationAdminDeps {
  readonly routes: RouteBook;
  readonly clock: Clock;
  readonly tally: MigrationTally;
}

const promoteRequestSchema = z.object({ upstream: z.string().min(1) }).strict();

const withoutDialect = (schema: Record<string, unknown>): JsonSchema => {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
};

const reportSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      routeKey: { type: 'string' },
      primary: { type: ['string', 'null'] },
      observers: { type: 'array', items: { type: 'string' } },
      chargers: { type: 'integer', description: 'Chargers whose calls were mirrored on this instance' },
      mirrored: { type: 'integer', description: 'Observer answers received on this instance since it started' },
      differencesByAction: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  },
};

/**
 * The steps of a migration wave, one request and one RouteChanged event each: add an observer, promote
 * it (the old primary keeps observing; rollback is promoting it back), remove an upstream. Done on the
 * stored route because the API never hands out upstream credentials for a client to send back.
 */
export function registerMigrationAdminRoutes(admin: AdminRouteRegistrar, deps: MigrationAdminDeps): void {
  const { routes, tally } = deps;

  admin.register({
    method: 'get',
    path: '/routes/report',
    operation: {
      operationId: 'migrationReport',
      summary: 'Migration report: per route, current primary, observers, chargers and messages mirrored, answer differences by action',
      description: 'Counts are this instance\'s since it started; GatewayDecision events on switchyard.ocpp.events are the durable record.',
      tags: ['routes'],
      responses: { '200': { description: 'One entry per route', content: json(reportSchema) } },
    },
    handler: (_request, response) => {
      response.json(
        routes.list().map((route) => {
          const routeKey = routeKeyOf(route.scope);
          return {
            ...tally.tallyOf(routeKey),
            primary: route.upstreams.find((upstream) => upstream.role === 'primary')?.name ?? null,
            observers: route.upstreams.filter((upstream) => upstream.role === 'observer').map((upstream) => upstream.name),
          };
        }),
      );
    },
  });

  for (const scoped of scopedPaths) {
    const step = async (request: Request, change: (route: Route, stamp: { at: number; by: string }) => StepResult): Promise<Route> => {
      const routeKey = routeKeyOf(scoped.scopeOf(request));
      const route = routes.get(routeKey);
      if (route === undefined) throw new ApiError(404, 'unknown_route', `no route ${routeKey}`);
      const result = change(route, { at: deps.clock.now(), by: actorOf(request) });
      if (!result.ok) throw new ApiError(409, 'step_refused', result.problem);
      await routes.put(result.route);
      return result.route;
    };
    const responses = {
      '200': { description: 'The route after the step', content: json(routeViewSchema) },
      '400': { description: 'Invalid request' },
      '404': { description: 'No such route' },
      '409': { description: 'The step does not apply to this route (the message says why)' },
    };

    admin.register({
      method: 'post',
      path: `${scoped.path}/observers`,
      operation: {
        operationId: `addObserverTo${scoped.operationSuffix}`,
        summary: `Migration step: add an observer to ${scoped.noun}`,
        tags: ['routes'],
        parameters: [...scoped.parameters, actorParameter],
        requestBody: { required: true, content: json(withoutDialect(z.toJSONSchema(upstreamRequestSchema, { io: 'input' }))) },
        responses,
      },
      handler: async (request, response) => {
        const parsed = upstreamRequestSchema.safeParse(request.body);
        if (!parsed.success) throw new ApiError(400, 'invalid_upstream', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
        const problems: string[] = [];
        const observer = upstreamOf(parsed.data, problems);
        if (observer === undefined) throw new ApiError(400, 'invalid_upstream', problems.join('; '));
        response.json(routeView(await step(request, (route, stamp) => addObserver(route, observer, stamp))));
      },
    });

    admin.register({
      method: 'post',
      path: `${scoped.path}/promote`,
      operation: {
        operationId: `promoteIn${scoped.operationSuffix}`,
        summary: `Migration step: make an upstream of ${scoped.noun} the primary (the old primary becomes an observer; rollback is the same step back)`,
        tags: ['routes'],
        parameters: [...scoped.parameters, actorParameter],
        requestBody: { required: true, content: json(withoutDialect(z.toJSONSchema(promoteRequestSchema))) },
        responses,
      },
      handler: async (request, response) => {
        const parsed = promoteRequestSchema.safeParse(request.body);
        if (!parsed.success) throw new ApiError(400, 'invalid_request', 'give { "upstream": "<name>" }');
        response.json(routeView(await step(request, (route, stamp) => promote(route, parsed.data.upstream, stamp))));
      },
    });

    admin.register({
      method: 'delete',
      path: `${scoped.path}/upstreams/{upstream}`,
      operation: {
        operationId: `removeUpstreamFrom${scoped.operationSuffix}`,
        summary: `Migration step: remove an observer (or the last upstream) from ${scoped.noun}`,
        tags: ['routes'],
        parameters: [...scoped.parameters, { name: 'upstream', in: 'path', required: true, description: 'Upstream name', schema: { type: 'string' } }, actorParameter],
        responses,
      },
      handler: async (request, response) => {
        const name = stringParam(request, 'upstream');
        response.json(routeView(await step(request, (route, stamp) => removeUpstream(route, name, stamp))));
      },
    });
  }
}
