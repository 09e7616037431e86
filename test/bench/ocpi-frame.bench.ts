/**
 * The OCPI HTTP frame alone: token authentication (sha256 + map lookup), request ids, JSON, envelope and
 * the traffic record appended to the embedded bus for every exchange, in front of a module that answers
 * at once. No target is set by the brief; the numbers are the ceiling every OCPI module works under.
 */
import { loadavg } from 'node:os';
import express, { Router } from 'express';
import { systemClock } from '../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../services/core/events/envelope.ts';
import { startHttpServer } from '../../services/core/http/http-server.ts';
import { createOcpiApp } from '../../services/ocpi/ocpi-app.ts';
import { hashCredentialsToken } from '../../services/ocpi/partners/credentials-token.ts';
import { openPartnerDirectory } from '../../services/ocpi/partners/open-partner-directory.ts';
import { sendOcpiData } from '../../services/ocpi/transport/ocpi-response.ts';
import { busTrafficRecorder } from '../../services/ocpi/transport/traffic-recorder.ts';
import { openOcpiWorld, testLogger } from '../ocpi/support/ocpi-harness.ts';
import type { Benchmark, BenchTable } from './report.ts';
import { elapsedMsSince, percentile, perSecond } from './stats.ts';

const durationMs = 3_000;
const partnerCounts = [1, 1_000] as const;
const concurrencies = [1, 16] as const;
const tokenOf = (n: number) => `bench-token-${n}`;

const probeRouter = () => Router().get('/', (_request, response) => sendOcpiData(response, systemClock, { ok: true }));

/** Requests for durationMs from `concurrency` clients; one row of the table. */
async function load(url: string, concurrency: number, headerOf: (n: number) => Record<string, string>): Promise<{ requests: number; perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = worker; Date.now() < deadline; n += concurrency) {
        const sent = process.hrtime.bigint();
        const response = await fetch(url, { headers: headerOf(n) });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        latencies.push(elapsedMsSince(sent));
      }
    }),
  );
  const elapsed = elapsedMsSince(started);
  return { requests: latencies.length, perSecond: perSecond(latencies.length, elapsed), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/** The same module on a bare express app: what the machine does without the frame, under today's load. */
async function measureBare(): Promise<(string | number)[][]> {
  const app = express();
  app.use('/ocpi/2.2.1/locations', probeRouter());
  const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  const rows: (string | number)[][] = [];
  try {
    for (const concurrency of concurrencies) {
      const result = await load(`http://127.0.0.1:${server.port}/ocpi/2.2.1/locations`, concurrency, () => ({}));
      rows.push(['bare express (no frame)', concurrency, result.requests, result.perSecond, result.p50, result.p99]);
    }
  } finally {
    await server.close(1_000);
  }
  return rows;
}

async function measureFrame(partners: number): Promise<(string | number)[][]> {
  const world = await openOcpiWorld();
  const envelopeOf = createEnvelopeBuilder({ clock: systemClock, source: { service: 'ocpi', instanceId: 'bench' } });
  const directory = await openPartnerDirectory({ bus: world.bus, serde: world.serde, envelopeOf, instanceId: 'bench', onUndecodable: () => undefined });
  for (let n = 0; n < partners; n++) {
    await directory.put({
      id: `partner-${n}`,
      status: 'REGISTERED',
      incomingTokenHash: hashCredentialsToken(tokenOf(n)),
      outgoingToken: null,
      versionsUrl: null,
      version: '2.2.1',
      endpoints: [],
      roles: [{ role: 'EMSP', country_code: 'DE', party_id: String(n % 1000).padStart(3, '0'), business_details: { name: `eMSP ${n}` } }],
      createdAt: 0,
      updatedAt: 0,
    });
  }
  const traffic = busTrafficRecorder({ bus: world.bus, serde: world.serde, envelopeOf, onFailure: () => undefined });
  const app = createOcpiApp({
    clock: systemClock,
    logger: testLogger(),
    directory,
    traffic,
    modules: [{ endpoint: { identifier: 'locations', role: 'SENDER', versions: ['2.2.1'] }, router: probeRouter() }],
    config: { publicUrl: 'http://127.0.0.1' },
  });
  const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  const rows: (string | number)[][] = [];
  try {
    for (const concurrency of concurrencies) {
      const result = await load(`http://127.0.0.1:${server.port}/ocpi/2.2.1/locations`, concurrency, (n) => ({
        authorization: `Token ${Buffer.from(tokenOf(n % partners)).toString('base64')}`,
      }));
      await traffic.flush();
      rows.push([`OCPI frame, ${partners} partner(s)`, concurrency, result.requests, result.perSecond, result.p50, result.p99]);
    }
  } finally {
    await server.close(1_000);
    await traffic.flush();
    await directory.close();
    await world.cleanup();
  }
  return rows;
}

const benchmark: Benchmark = {
  name: 'ocpi-frame',
  description: 'OCPI frame: token auth, ids, envelope and a traffic record per request, over HTTP on 127.0.0.1',
  async run(): Promise<BenchTable[]> {
    const loadAtStart = loadavg()[0] ?? Number.NaN;
    const rows = await measureBare();
    for (const partners of partnerCounts) rows.push(...(await measureFrame(partners)));
    return [
      {
        title: 'GET on a module that answers at once, behind the OCPI frame',
        columns: ['server', 'concurrent clients', 'requests', 'requests/s', 'p50 ms', 'p99 ms'],
        rows,
        notes: [
          `${durationMs / 1000} s per row; the client (fetch) runs in the same process and shares its 2 cores.`,
          'Every request is also an OcpiExchange appended to switchyard.ocpi.traffic (embedded lmdb bus, noSync).',
          `1-minute load average at start: ${loadAtStart.toFixed(1)}; compare the frame rows with the bare express rows of the same run, not across runs.`,
        ],
      },
    ];
  },
};

export default benchmark;
