import { Router, type IRouter } from 'express';
import { ocpiStatus, OcpiError } from './ocpi-status.ts';

/**
 * Answers HTTP 405 with an `Allow` header for a path `served` routes with other methods only (PATCH on
 * credentials, DELETE on tokens, GET on commands): the resource exists, so 404 would tell the client its
 * URL is wrong. Mount it right after `served`, once every route of `served` is registered.
 */
export function methodNotAllowed(served: IRouter): Router {
  const refusals = Router();
  for (const [path, methods] of methodsByPath(served)) {
    const allowed = [...methods].join(', ');
    refusals.all(path, (request, response) => {
      response.set('Allow', allowed);
      throw new OcpiError(ocpiStatus.genericClientError, 405, `${request.method} is not allowed here; allowed: ${allowed}`);
    });
  }
  return refusals;
}

function methodsByPath(router: IRouter): Map<string, Set<string>> {
  const paths = new Map<string, Set<string>>();
  for (const layer of router.stack) {
    if (layer.route === undefined) continue;
    const methods = paths.get(layer.route.path) ?? new Set<string>();
    for (const handler of layer.route.stack) if (handler.method !== undefined) methods.add(handler.method.toUpperCase());
    paths.set(layer.route.path, methods);
  }
  return paths;
}
