import express, { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { SwitchyardError } from '../errors.ts';
import { accessLog } from './access-log.ts';
import { jsonErrorHandler, notFoundHandler } from './api-error.ts';
import { bearerAuth } from './bearer-auth.ts';
import {
  buildOpenApiDocument,
  httpMethods,
  pathParameterNames,
  toExpressPath,
  toOpenApiPath,
  type DocumentedRoute,
  type HttpMethod,
  type OpenApiDocument,
} from './openapi.ts';

export interface AdminRoute extends DocumentedRoute {
  readonly handler: RequestHandler | readonly RequestHandler[];
}

/** What services get: they can add routes only together with their documentation. */
export interface AdminRouteRegistrar {
  register(route: AdminRoute): void;
}

export interface MountedRoute {
  readonly method: HttpMethod;
  readonly path: string;
}

export const adminApiBasePath = '/api';

/**
 * The admin API frame, mounted at /api: bearer auth in front of everything, JSON bodies, JSON errors,
 * and `GET /openapi.json` generated from the registrations.
 */
export class AdminApi implements AdminRouteRegistrar {
  /** Mount this at adminApiBasePath. */
  readonly router: Router;
  private readonly routes = Router();
  private readonly documented: DocumentedRoute[] = [];
  private readonly info: { title: string; version: string };

  constructor(options: { token: string; logger: Logger; version: string }) {
    this.info = { title: 'Switchyard admin API', version: options.version };
    this.router = Router();
    this.router.use(accessLog(options.logger));
    this.router.use(bearerAuth(options.token, 'switchyard-admin'));
    this.router.use(express.json({ limit: '1mb' }));
    this.router.use(this.routes);
    this.router.use(notFoundHandler);
    this.router.use(jsonErrorHandler(options.logger));
    this.register({
      method: 'get',
      path: '/openapi.json',
      operation: {
        operationId: 'getOpenApiDocument',
        summary: 'This document: every admin operation with its parameters and responses',
        tags: ['meta'],
        responses: {
          '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
      handler: (_request, response) => {
        response.json(this.openApiDocument());
      },
    });
  }

  register(route: AdminRoute): void {
    if (!route.path.startsWith('/')) throw new Error(`admin route path must start with /: ${route.path}`);
    if (this.documented.some((existing) => existing.method === route.method && existing.path === route.path)) {
      throw new Error(`admin route ${route.method.toUpperCase()} ${route.path} registered twice`);
    }
    const undocumentedParameters = (route.operation.parameters ?? []).filter(
      (parameter) => parameter.in === 'path' && !pathParameterNames(route.path).includes(parameter.name),
    );
    if (undocumentedParameters.length > 0) {
      throw new Error(`admin route ${route.path} documents path parameters it does not have`);
    }
    const handlers: RequestHandler[] = Array.isArray(route.handler) ? [...route.handler] : [route.handler as RequestHandler];
    this.routes[route.method](toExpressPath(route.path), ...handlers);
    this.documented.push({ method: route.method, path: route.path, operation: route.operation });
  }

  openApiDocument(): OpenApiDocument {
    return buildOpenApiDocument({ ...this.info, basePath: adminApiBasePath }, this.documented);
  }

  /** What express will actually route, read from the routers themselves rather than from the registrations. */
  mountedRoutes(): MountedRoute[] {
    return routesOf(this.router);
  }

  /**
   * Differences between what express routes and what openapi.json documents. Non-empty only when
   * something bypassed `register`.
   */
  drift(): { undocumented: MountedRoute[]; unmounted: MountedRoute[] } {
    const key = (route: MountedRoute) => `${route.method} ${route.path}`;
    const mounted = this.mountedRoutes();
    const documented = this.documented.map(({ method, path }) => ({ method, path }));
    const mountedKeys = new Set(mounted.map(key));
    const documentedKeys = new Set(documented.map(key));
    return {
      undocumented: mounted.filter((route) => !documentedKeys.has(key(route))),
      unmounted: documented.filter((route) => !mountedKeys.has(key(route))),
    };
  }

  /** The composition root calls this once every service has registered, and refuses to start on drift. */
  assertInStep(): void {
    const { undocumented, unmounted } = this.drift();
    if (undocumented.length === 0 && unmounted.length === 0) return;
    const list = (routes: readonly MountedRoute[]) =>
      routes.map((route) => `${route.method.toUpperCase()} ${route.path}`).join(', ') || 'none';
    throw new SwitchyardError(
      'admin.openapi_drift',
      `admin routes and openapi.json disagree: undocumented ${list(undocumented)}; documented but not mounted ${list(unmounted)}`,
      { retriable: false },
    );
  }
}

interface RouterLayer {
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> } | null;
  readonly handle?: unknown;
}

/** Walks an express router, descending into routers mounted with `use` at its root. */
function routesOf(router: { readonly stack: readonly unknown[] }): MountedRoute[] {
  return (router.stack as readonly RouterLayer[]).flatMap((layer) => {
    if (layer.route !== undefined && layer.route !== null) {
      const path = toOpenApiPath(String(layer.route.path));
      return Object.keys(layer.route.methods)
        .filter(isHttpMethod)
        .map((method) => ({ method, path }));
    }
    return isRouter(layer.handle) ? routesOf(layer.handle) : [];
  });
}

function isRouter(handle: unknown): handle is { readonly stack: readonly unknown[] } {
  return typeof handle === 'function' && 'stack' in handle && Array.isArray(handle.stack);
}

function isHttpMethod(method: string): method is HttpMethod {
  return (httpMethods as readonly string[]).includes(method);
}
