/**
 * What real-time authorization costs a charger: Authorize round trips from ocpp-rpc 1.6 chargers for a
 * whitelist ALWAYS token (the in-memory list alone) and a whitelist NEVER token (edge → the OCPI service's
 * admin API over loopback → the eMSP's authorize endpoint → back), in one `switchyard run`-like node with a
 * mock eMSP answering at once. The brief sets no target; OCPI asks to keep the added delay minimal.
 */
import { loadavg } from 'node:os';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { startMockEmsp } from '../ocpi/support/mock-emsp.ts';
import { startOcpiNode } from '../ocpi/support/ocpi-node.ts';
import { locationBody } from '../ocpi/support/sender-records.ts';
import type { Benchmark, BenchTable } from './report.ts';
import { elapsedMsSince, percentile, perSecond } from './stats.ts';

const durationMs = 3_000;
const chargerCounts = [1, 8] as const;
const emsp = { country_code: 'DE', party_id: 'EMS' };

const token = (uid: string, whitelist: string) => ({
  ...emsp, uid, type: 'RFID', contract_id: `DE-EMS-${uid}`, issuer: 'Mock eMSP', valid: true, whitelist, last_updated: '2026-11-21T10:00:00Z',
});

/** Authorize calls for durationMs, each charger one at a time. */
async function load(chargers: readonly Charger[], idTag: string): Promise<{ calls: number; perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  await Promise.all(
    chargers.map(async (charger) => {
      while (Date.now() < deadline) {
        const sent = process.hrtime.bigint();
        const answer = (await charger.call('Authorize', { idTag })) as { idTagInfo: { status: string } };
        if (answer.idTagInfo.status !== 'Accepted') throw new Error(`Authorize of ${idTag} answered ${answer.idTagInfo.status}`);
        latencies.push(elapsedMsSince(sent));
      }
    }),
  );
  const elapsed = elapsedMsSince(started);
  return { calls: latencies.length, perSecond: perSecond(latencies.length, elapsed), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

const benchmark: Benchmark = {
  name: 'ocpi-realtime-auth',
  description: 'Authorize latency with and without OCPI real-time authorization',
  async run(): Promise<BenchTable[]> {
    const node = await startOcpiNode();
    const mock = await startMockEmsp({ tokens: [token('TAG-NEVER', 'NEVER')] });
    const chargers: Charger[] = [];
    const rows: (string | number)[][] = [];
    try {
      const issued = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
      await mock.registerWith(issued.versions_url, issued.token);
      const location = locationBody({ country_code: 'NL', party_id: 'SWY' }, 'LOC-BENCH', 1);
      const [evse] = location['evses'] as Record<string, unknown>[];
      const evses = Array.from({ length: Math.max(...chargerCounts) }, (_, n) => ({ ...evse, switchyard: { charger_id: `CP-BENCH-${n}`, evse_id: 1 } }));
      await node.harness.admin('PUT', '/locations/LOC-BENCH', { ...location, evses });
      await mock.pushToken(token('TAG-NEVER', 'NEVER'));
      await mock.pushToken(token('TAG-ALWAYS', 'ALWAYS'));
      for (let n = 0; n < Math.max(...chargerCounts); n++) {
        const charger = await connectCharger({ baseUrl: node.wsUrl, identity: `CP-BENCH-${n}`, protocol: 'ocpp1.6' });
        chargers.push(charger);
      }
      const first = chargers[0];
      if (first === undefined) throw new Error('no charger');
      for (const idTag of ['TAG-ALWAYS', 'TAG-NEVER']) {
        await eventually(async () => {
          const answer = (await first.call('Authorize', { idTag })) as { idTagInfo: { status: string } };
          if (answer.idTagInfo.status !== 'Accepted') throw new Error(`${idTag} not yet known`);
        });
      }
      for (const [idTag, how] of [['TAG-ALWAYS', 'whitelist ALWAYS (token list)'], ['TAG-NEVER', 'whitelist NEVER (real-time, eMSP asked)']] as const) {
        for (const count of chargerCounts) {
          const result = await load(chargers.slice(0, count), idTag);
          rows.push([how, count, result.calls, result.perSecond, result.p50, result.p99]);
        }
      }
    } finally {
      for (const charger of chargers) await charger.close({ force: true });
      await mock.close();
      await node.stop();
    }
    return [
      {
        title: `Authorize round trip at the charger, ${durationMs / 1000} s per row`,
        columns: ['token', 'chargers', 'Authorize calls', 'calls/s', 'p50 ms', 'p99 ms'],
        rows,
        notes: [
          'One process: OCPI service, roaming, projectors and edge on the embedded bus; the mock eMSP answers ALLOWED at once on 127.0.0.1.',
          'Each Authorize also writes its frames and events to the bus; a NEVER token adds the OCPI traffic records of the eMSP call.',
          `Load average at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')} (other work shares the machine).`,
        ],
      },
    ];
  },
};

export default benchmark;
