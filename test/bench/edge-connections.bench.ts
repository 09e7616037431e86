/**
 * Many chargers at once: 20k OCPP 1.6 chargers (security profile 0, unknown chargers accepted) connect
 * and boot against two edge processes of 10k each (one process may hold at most ~19.9k sockets here),
 * from four load-generator processes, then heartbeat. Reports the time until all are booted, memory per
 * connection, and heartbeat answer latency; then the handshake rate with HTTP Basic (security profile 1)
 * on a smaller count, first and repeated connection. Target: 20k booted within 60 s on this 2-core machine.
 * EDGE_BENCH_CONNECTIONS and EDGE_BENCH_BASIC_CHARGERS change the counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdgeProcess, startLoadGenerator, type LoadGenerator, type ServerProcess } from './edge/child-processes.ts';
import type { EdgeProcessOptions } from './edge/edge-process-protocol.ts';
import type { Benchmark, BenchTable } from './report.ts';
import { mebibytes, percentile } from './stats.ts';

const totalChargers = Number(process.env['EDGE_BENCH_CONNECTIONS'] ?? '20000');
const basicChargers = Number(process.env['EDGE_BENCH_BASIC_CHARGERS'] ?? '200');
const edgeCount = 2;
const generatorCount = 4;
const handshakesInFlightPerGenerator = 64;
/** Every charger heartbeats about once per this period during the heartbeat phase. */
const heartbeatPeriodMs = 10_000;
const heartbeatPhaseMs = 20_000;
const basicPassword = 'bench-basic-password-0123';

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

interface EdgeSet {
  readonly edges: ServerProcess[];
  stop(): Promise<void>;
}

async function startEdges(count: number, extra: Partial<EdgeProcessOptions> = {}): Promise<EdgeSet> {
  const dirs: string[] = [];
  const edges: ServerProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(edges.map((edge) => edge.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  };
  try {
    for (let index = 0; index < count; index += 1) {
      const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-bench-edge-'));
      dirs.push(dataDir);
      edges.push(
        await startEdgeProcess({
          instanceId: `bench-edge-${index}`,
          dataDir,
          port: 0,
          heartbeatIntervalSeconds: heartbeatPeriodMs / 1000,
          bus: { kind: 'embedded', durability: 'sync' },
          ...extra,
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { edges, stop };
}

async function memoryOf(edges: readonly ServerProcess[]): Promise<{ rssBytes: number; heapUsedBytes: number }> {
  const each = await Promise.all(edges.map((edge) => edge.memory()));
  return {
    rssBytes: each.reduce((sum, memory) => sum + memory.rssBytes, 0),
    heapUsedBytes: each.reduce((sum, memory) => sum + memory.heapUsedBytes, 0),
  };
}

async function withGenerators<T>(count: number, use: (generators: LoadGenerator[]) => Promise<T>): Promise<T> {
  const generators: LoadGenerator[] = [];
  try {
    for (let index = 0; index < count; index += 1) generators.push(await startLoadGenerator());
    return await use(generators);
  } finally {
    await Promise.all(generators.map((generator) => generator.stop()));
  }
}

async function manyChargers(): Promise<BenchTable> {
  const set = await startEdges(edgeCount);
  try {
    const urls = set.edges.map((edge) => `ws://127.0.0.1:${edge.port}/ocpp/`);
    const idle = await memoryOf(set.edges);
    return await withGenerators(generatorCount, async (generators) => {
      const perGenerator = Math.ceil(totalChargers / generatorCount);
      const startedAt = Date.now();
      const connects = await Promise.all(
        generators.map((generator, g) =>
          generator.ask(
            {
              kind: 'connect',
              urls,
              chargerIds: Array.from({ length: Math.min(perGenerator, totalChargers - g * perGenerator) }, (_, i) => `CP-${g}-${i}`),
              concurrency: handshakesInFlightPerGenerator,
            },
            'connected',
          ),
        ),
      );
      const booted = connects.reduce((sum, reply) => sum + reply.connected, 0);
      const refused = connects.reduce((sum, reply) => sum + reply.refused, 0);
      const allBootedMs = Math.max(...connects.map((reply) => reply.lastBootedAt)) - startedAt;
      const bootLatencies = connects.flatMap((reply) => reply.bootLatenciesMs);
      const loaded = await memoryOf(set.edges);

      const heartbeats = await Promise.all(
        generators.map((generator, g) =>
          generator.ask(
            {
              kind: 'openLoop',
              ratePerSecond: ((connects[g]?.connected ?? 0) * 1000) / heartbeatPeriodMs,
              durationMs: heartbeatPhaseMs,
              warmupMs: 2_000,
              actions: ['Heartbeat'],
            },
            'measured',
          ),
        ),
      );
      const heartbeatLatencies = heartbeats.flatMap((reply) => reply.latenciesMs);
      const heartbeatErrors = heartbeats.reduce((sum, reply) => sum + reply.errors, 0);
      const heartbeatRate = heartbeats.reduce((sum, reply) => sum + (reply.answered * 1000) / reply.measuredMs, 0);
      await Promise.all(generators.map((generator) => generator.ask({ kind: 'disconnect' }, 'disconnected')));

      const perConnection = (bytes: number): number => Math.round(bytes / Math.max(1, booted));
      return {
        title: `${totalChargers.toLocaleString('en-US')} chargers on ${edgeCount} edge processes (security profile 0, unknown chargers accepted)`,
        columns: ['measure', 'value'],
        rows: [
          ['chargers booted', booted],
          ['refused or failed', refused],
          ['time until all booted (s)', round(allBootedMs / 1000)],
          ['boots/s', Math.round((booted * 1000) / allBootedMs)],
          ['connect + boot p50 ms', round(percentile([...bootLatencies], 0.5))],
          ['connect + boot p99 ms', round(percentile([...bootLatencies], 0.99))],
          ['edge RSS, all processes (MiB)', mebibytes(loaded.rssBytes)],
          ['edge heap used, all processes (MiB)', mebibytes(loaded.heapUsedBytes)],
          ['RSS per connection (bytes, above idle)', perConnection(loaded.rssBytes - idle.rssBytes)],
          ['heap per connection (bytes, above idle)', perConnection(loaded.heapUsedBytes - idle.heapUsedBytes)],
          ['heartbeats answered/s', Math.round(heartbeatRate)],
          ['heartbeat answer p50 ms', round(percentile([...heartbeatLatencies], 0.5))],
          ['heartbeat answer p99 ms', round(percentile([...heartbeatLatencies], 0.99))],
          ['heartbeat errors', heartbeatErrors],
        ],
        notes: [
          `target: ${totalChargers.toLocaleString('en-US')} booted within 60 s on this 2-core machine`,
          `${edgeCount} edge processes (embedded lmdb log each, sync durability) and ${generatorCount} load-generator processes (plain ws, ${handshakesInFlightPerGenerator} handshakes in flight each) share the 2 cores; chargers alternate between the edges`,
          'every connection writes ChargerConnected, its BootNotification and answer frames and (for heartbeats) two frames per heartbeat to the log',
          `heartbeat phase: every charger heartbeats about every ${heartbeatPeriodMs / 1000} s for ${heartbeatPhaseMs / 1000} s (open loop, first 2 s not counted)`,
          'memory: RSS and V8 heap used after a full GC, summed over the edge processes, minus the same with no charger connected, divided by chargers booted',
        ],
      };
    });
  } finally {
    await set.stop();
  }
}

async function basicHandshakes(): Promise<BenchTable> {
  const chargerIds = Array.from({ length: basicChargers }, (_, i) => `BASIC-${i}`);
  const set = await startEdges(1, { basicChargers: { chargerIds, password: basicPassword } });
  try {
    const urls = set.edges.map((edge) => `ws://127.0.0.1:${edge.port}/ocpp/`);
    return await withGenerators(1, async ([generator]) => {
      if (generator === undefined) throw new Error('no load generator');
      const connectAll = async (): Promise<[number, number, number]> => {
        const startedAt = Date.now();
        const reply = await generator.ask({ kind: 'connect', urls, chargerIds, concurrency: 16, basicPassword }, 'connected');
        const elapsedMs = reply.lastBootedAt - startedAt;
        await generator.ask({ kind: 'disconnect' }, 'disconnected');
        return [reply.connected, round(elapsedMs / 1000), Math.round((reply.connected * 1000) / elapsedMs)];
      };
      const first = await connectAll();
      const again = await connectAll();
      return {
        title: `HTTP Basic handshakes (security profile 1): ${basicChargers} registered chargers, one edge process`,
        columns: ['connection', 'chargers booted', 'seconds', 'handshakes + boots/s'],
        rows: [
          ['first (scrypt verification)', ...first],
          ['again, same password', ...again],
        ],
        notes: [
          'scrypt (N=16384, r=8) costs about 50 ms of CPU per verification; a password verified once is remembered per charger as a keyed digest, so reconnections skip scrypt (see services/edge/server/README.md)',
          'the edge and the load generator share the 2 cores; 16 handshakes in flight',
        ],
      };
    });
  } finally {
    await set.stop();
  }
}

const benchmark: Benchmark = {
  name: 'edge-connections',
  description: '20k concurrent chargers booting and heartbeating on two edge processes; HTTP Basic handshake rate',
  async run() {
    const many = await manyChargers();
    const basic = await basicHandshakes();
    return [many, basic];
  },
};

export default benchmark;
