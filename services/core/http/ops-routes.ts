import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Readiness } from '../observability/readiness.ts';

/**
 * /healthz (the process answers), /readyz (every component ready, else 503 with the detail) and
 * /metrics (Prometheus text). Unauthenticated: they carry no business data.
 */
export function createOpsRouter(deps: { readiness: Readiness; metrics: Registry }): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'alive' });
  });
  router.get('/readyz', (_request, response) => {
    const report = deps.readiness.report();
    response.status(report.ready ? 200 : 503).json(report);
  });
  router.get('/metrics', async (_request, response) => {
    response.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  return router;
}
