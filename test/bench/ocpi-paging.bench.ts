/**
 * OCPI sender modules over HTTP on the embedded bus: an eMSP pulling every page of 100k CDRs and of 10k
 * Locations, following Link headers, with the OCPI frame as deployed (token auth, traffic recording).
 * No target is set by the brief; numbers size page limits and partner pull windows.
 */
import type { EventBus } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { LocationRecord } from '../../services/core/events/generated-types.ts';
import type { Serde } from '../../services/core/serde/serde.ts';
import type { CredentialsRole } from '../../services/ocpi/partners/partner.ts';
import { locationKind } from '../../services/roaming/ocpi/location-kind.ts';
import { nextPageUrl, ocpiRequest } from '../ocpi/support/ocpi-test-client.ts';
import { appendRecords, cdrRecord, locationBody, type Party } from '../ocpi/support/sender-records.ts';
import { emspRole, openSenderWorld } from '../ocpi/support/sender-world.ts';
import type { Benchmark, BenchTable } from './report.ts';
import { mebibytes, percentile } from './stats.ts';

const cdrCount = 100_000;
const locationCount = 10_000;
const evsesPerLocation = 2;
const cpo: Party = { country_code: 'NL', party_id: 'SWY' };
const cpoRoles: readonly CredentialsRole[] = [{ role: 'CPO', business_details: { name: 'Switchyard' }, ...cpo }];
const bigEmsp: Party = { country_code: 'DE', party_id: 'EMS' };
const smallEmsp: Party = { country_code: 'FR', party_id: 'EMS' };
/** One CDR in ten belongs to the small eMSP: its pages scan the others' CDRs too. */
const emspOf = (n: number): Party => (n % 10 === 9 ? smallEmsp : bigEmsp);
const t0 = Date.parse('2026-01-01T00:00:00.000Z');

async function seed(bus: EventBus, serde: Serde): Promise<void> {
  await appendRecords(bus, serde, topics.cdrs, Array.from({ length: cdrCount }, (_, n) => cdrRecord({ id: `CDR-${n}`, cpo, emsp: emspOf(n), lastUpdated: t0 + n * 1_000 })));
  for (let start = 0; start < locationCount; start += 1_000) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(1_000, locationCount - start) }, async (_, offset) => {
        const n = start + offset;
        const accepted = locationKind.accept(locationBody(cpo, `LOC-${n}`, evsesPerLocation), t0 + n * 1_000);
        if (!accepted.ok) throw new Error(accepted.problems.join('; '));
        const key = `${cpo.country_code}/${cpo.party_id}/LOC-${n}`;
        const record: LocationRecord = {
          envelope: { event_id: key, key, occurred_at: null, recorded_at: t0, source: { service: 'bench', instance_id: 'bench', connection_id: null }, correlation_id: null, causation_id: null },
          payload: locationKind.toPayload(accepted.object),
        };
        return { topic: topics.locations, key, value: await serde.encode(topics.locations, record) };
      }),
    );
    await bus.append(batch);
  }
}

interface PullStats {
  readonly pages: number;
  readonly objects: number;
  readonly elapsedMs: number;
  /** CPU of this process (server and client) over the whole pull. */
  readonly cpuMs: number;
  readonly pageMs: number[];
}

async function pullEveryPage(url: string, token: string): Promise<PullStats> {
  const pageMs: number[] = [];
  let objects = 0;
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let next: string | null = url; next !== null; ) {
    const requested = performance.now();
    const reply = await ocpiRequest({ method: 'GET', url: next, token });
    pageMs.push(performance.now() - requested);
    const data = reply.body?.data;
    if (reply.httpStatus !== 200 || !Array.isArray(data)) throw new Error(`${next}: HTTP ${reply.httpStatus} ${reply.text.slice(0, 200)}`);
    objects += data.length;
    next = nextPageUrl(reply.headers['link']);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { pages: pageMs.length, objects, elapsedMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1_000, pageMs };
}

function rowOf(label: string, limit: number, stats: PullStats): (string | number)[] {
  return [
    label,
    limit,
    stats.pages,
    stats.objects,
    Math.round(percentile([...stats.pageMs], 0.5) * 10) / 10,
    Math.round(percentile([...stats.pageMs], 0.99) * 10) / 10,
    Math.round((stats.cpuMs / stats.pages) * 10) / 10,
    Math.round((stats.pages * 1000) / stats.elapsedMs),
    Math.round((stats.objects * 1000) / stats.elapsedMs),
  ];
}

const benchmark: Benchmark = {
  name: 'ocpi-paging',
  description: 'OCPI sender modules: pages of 100k CDRs and 10k Locations over HTTP',
  async run(): Promise<BenchTable[]> {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let seedMs = 0;
    const timedSeed = async (bus: EventBus, serde: Serde) => {
      const start = performance.now();
      await seed(bus, serde);
      seedMs = performance.now() - start;
    };
    const world = await openSenderWorld({ pageLimit: 1_000, cpoRoles, before: timedSeed });
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    try {
      const bigToken = await world.addPartner('emsp-big', [emspRole(bigEmsp.country_code, bigEmsp.party_id)]);
      const smallToken = await world.addPartner('emsp-small', [emspRole(smallEmsp.country_code, smallEmsp.party_id)]);
      const rows = [
        rowOf('CDRs, eMSP owning 90%', 100, await pullEveryPage(`${world.moduleBaseUrl}/cdrs?limit=100`, bigToken)),
        rowOf('CDRs, eMSP owning 10%', 100, await pullEveryPage(`${world.moduleBaseUrl}/cdrs?limit=100`, smallToken)),
        rowOf('CDRs, eMSP owning 90%', 1_000, await pullEveryPage(`${world.moduleBaseUrl}/cdrs?limit=1000`, bigToken)),
        rowOf(`Locations (${evsesPerLocation} EVSEs each)`, 100, await pullEveryPage(`${world.moduleBaseUrl}/locations?limit=100`, bigToken)),
        rowOf(`Locations (${evsesPerLocation} EVSEs each)`, 1_000, await pullEveryPage(`${world.moduleBaseUrl}/locations?limit=1000`, bigToken)),
      ];
      return [
        {
          title: `OCPI paging: ${cdrCount.toLocaleString('en-US')} CDRs and ${locationCount.toLocaleString('en-US')} Locations over HTTP (embedded bus)`,
          columns: ['pulled', 'limit', 'pages', 'objects', 'p50 ms/page', 'p99 ms/page', 'CPU ms/page', 'pages/s', 'objects/s'],
          rows,
          notes: [
            `seeding the bus took ${Math.round(seedMs).toLocaleString('en-US')} ms; then the roaming state and the session and CDR indexes read it in ${Math.round(world.startMs).toLocaleString('en-US')} ms (the roaming EVSE-status projection alone needed about 23 s for the 10k Locations in a separate run: it copies its location map for every location); heap after start ${mebibytes(heapAfter - heapBefore)} MiB more than before (CDRs of about 1.6 KB JSON each)`,
            'one client, pages fetched one after the other following Link rel="next", each page a fresh fetch over HTTP/1.1 on 127.0.0.1; server and client share the process, so CPU ms/page is both sides',
            'the 2-core machine was shared with other work while measuring: latencies vary about 2x between runs, CPU ms/page less',
            'every exchange (request and the whole page in the response) is recorded on switchyard.ocpi.traffic as deployed, so bigger pages also cost more Avro and bus writes',
            'CDRs and sessions are bucketed per CPO party and eMSP party: a page is two binary searches and a slice, whatever the offset or the other eMSPs\' share; Locations are scanned for the requested CPO parties (10k per page)',
          ],
        },
      ];
    } finally {
      await world.close();
    }
  },
};

export default benchmark;
