import express from 'express';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../services/core/http/http-server.ts';
import { createOpsRouter } from '../../services/core/http/ops-routes.ts';
import { createMetricsRegistry } from '../../services/core/observability/metrics.ts';
import { Readiness } from '../../services/core/observability/readiness.ts';

describe('ops endpoints', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(readiness: Readiness, metrics: Registry): Promise<string> {
    const app = express();
    app.use(createOpsRouter({ readiness, metrics }));
    server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${server.port}`;
  }

  it('given components still starting, then /readyz is 503 with each one’s state, and 200 once all are ready', async () => {
    const readiness = new Readiness();
    const bus = readiness.register('bus');
    const clickhouse = readiness.register('clickhouse');
    const base = await serve(readiness, new Registry());

    const starting = await fetch(`${base}/readyz`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({
      ready: false,
      components: { bus: { ready: false, detail: 'starting' }, clickhouse: { ready: false, detail: 'starting' } },
    });

    bus.ready('12 topics');
    clickhouse.notReady('migrating');
    expect((await fetch(`${base}/readyz`)).status).toBe(503);

    clickhouse.ready();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      components: { bus: { ready: true, detail: '12 topics' }, clickhouse: { ready: true, detail: 'ready' } },
    });

    readiness.drain('shutting down');
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('given no component registered yet, then the process is not ready', async () => {
    const base = await serve(new Readiness(), new Registry());
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });

  it('serves default Node metrics and the components’ own from the registry passed in', async () => {
    const metrics = createMetricsRegistry({ service: 'test', instance: 'test-1' });
    const base = await serve(new Readiness(), metrics);
    new Counter({ name: 'switchyard_test_things_total', help: 'Things', registers: [metrics] }).inc(3);
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const body = await response.text();
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toContain('switchyard_test_things_total{service="test",instance="test-1"} 3');
  });
});
