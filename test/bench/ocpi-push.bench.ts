/**
 * OCPI push throughput to one partner: how fast session updates (PUT) and CDRs (POST) already on the bus
 * reach a mock eMSP on loopback, each accepted before its offset is committed (one request in flight per
 * module and partner, which is what keeps per-object order). No target is set by the brief.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { startMockEmsp, type MockEmsp, type ReceivedRequest } from '../ocpi/support/mock-emsp.ts';
import { openPushWorld, ourParty } from '../ocpi/support/push-world.ts';
import { appendRecords, cdrRecord, sessionRecord } from '../ocpi/support/sender-records.ts';
import type { Benchmark, BenchTable } from './report.ts';
import { elapsedMsSince, perSecond } from './stats.ts';

const sessions = 200;
const updatesPerSession = 10;
const cdrs = 2_000;
const emsp = { country_code: 'DE', party_id: 'EMS' };
const t0 = Date.parse('2026-11-21T10:00:00.000Z');

/** Waits for `wanted` accepted requests after the first `from`, scanning only what arrived since the last look. */
async function acceptedCount(mock: MockEmsp, module: string, method: string, wanted: number, from: number): Promise<void> {
  let seen = from;
  let count = 0;
  const deadline = Date.now() + 300_000;
  const matches = (request: ReceivedRequest) => request.module === module && request.method === method && request.failedWith === null;
  while (count < wanted) {
    if (Date.now() > deadline) throw new Error(`only ${count} of ${wanted} ${method} ${module} arrived`);
    const received = mock.received;
    for (; seen < received.length; seen += 1) {
      const request = received[seen];
      if (request !== undefined && matches(request)) count += 1;
    }
    if (count < wanted) await sleep(5);
  }
}

async function measure(mock: MockEmsp, run: { label: string; module: string; method: string; count: number; fill: () => Promise<void> }) {
  const from = mock.received.length;
  const start = process.hrtime.bigint();
  await run.fill();
  await acceptedCount(mock, run.module, run.method, run.count, from);
  const elapsed = elapsedMsSince(start);
  return [run.label, run.count, Math.round(elapsed), perSecond(run.count, elapsed)];
}

const benchmark: Benchmark = {
  name: 'ocpi-push',
  description: 'OCPI push: session updates/s and CDRs/s to one partner (mock eMSP on loopback)',
  async run(): Promise<BenchTable[]> {
    const [loadAtStart] = loadavg();
    const world = await openPushWorld();
    const mock = await startMockEmsp();
    try {
      await world.registerWith(mock, 'bench-emsp');
      const updates = Array.from({ length: updatesPerSession }, (_, update) =>
        Array.from({ length: sessions }, (_, session) => sessionRecord({ id: `SES-${session}`, cpo: ourParty, emsp, lastUpdated: t0 + update * 60_000 })),
      ).flat();
      const partner = world.directory.byId('bench-emsp');
      const sessionsUrl = partner?.endpoints.find((endpoint) => endpoint.identifier === 'sessions' && endpoint.role === 'RECEIVER')?.url;
      if (partner === undefined || sessionsUrl === undefined) throw new Error('the mock eMSP has no sessions receiver');
      const rows = [
        await measure(mock, {
          label: 'baseline: the same PUTs sent one by one with the partner client, no bus',
          module: 'sessions',
          method: 'PUT',
          count: sessions,
          fill: async () => {
            for (let session = 0; session < sessions; session += 1) {
              const { value } = sessionRecord({ id: `BASE-${session}`, cpo: ourParty, emsp, lastUpdated: t0 });
              await world.client.send(partner, { method: 'PUT', url: `${sessionsUrl}/NL/SWY/BASE-${session}`, module: 'sessions', body: JSON.parse(value.payload.object_json) as unknown });
            }
          },
        }),
        await measure(mock, {
          label: `session updates (PUT): ${sessions} sessions x ${updatesPerSession} updates`,
          module: 'sessions',
          method: 'PUT',
          count: updates.length,
          fill: () => appendRecords(world.bus, world.serde, topics.sessions, updates),
        }),
        await measure(mock, {
          label: 'CDRs (POST, ~1.3 KB each)',
          module: 'cdrs',
          method: 'POST',
          count: cdrs,
          fill: () => appendRecords(world.bus, world.serde, topics.cdrs, Array.from({ length: cdrs }, (_, index) => cdrRecord({ id: `CDR-${index}`, cpo: ourParty, emsp, lastUpdated: t0 + index }))),
        }),
      ];
      return [
        {
          title: 'OCPI push to one partner over loopback HTTP',
          columns: ['workload', 'objects', 'ms', 'objects/s'],
          rows,
          notes: [
            'time runs from appending the records (embedded log, noSync; the partner is registered and its groups are live) until the mock eMSP has accepted the last one',
            'each module of a partner has one consumer group handling one record at a time: a record is committed only after the partner accepted it, and per-object order follows partition order',
            'every push is also recorded on switchyard.ocpi.traffic (request and response bodies), and each accepted CDR writes its Location to switchyard.ocpi.cdr-deliveries',
            'mock eMSP, push and bus share one process and the machine\'s cores; a remote eMSP adds its round trip to every object of a module',
            `machine load average (1 min) when the run started: ${(loadAtStart ?? 0).toFixed(1)}; other work on the machine slows every row alike`,
          ],
        },
      ];
    } finally {
      await world.close();
      await mock.close();
    }
  },
};

export default benchmark;
