/**
 * What the multi-CSMS gateway adds: OCPP 1.6 chargers talk to a bare ocpp-rpc CSMS directly, then through
 * the gateway (an edge whose default route names that CSMS as primary) with zero, one and two observers
 * (more bare ocpp-rpc servers). Events durable: the gateway appends every frame, and the transaction
 * messages (MeterValues here) with their domain events before the charger gets its answer.
 * Reported: p50/p99 latency at fixed rates and the difference to direct; closed-loop calls/s as a fraction
 * of direct; the gateway's CPU time per call. Then many chargers (GATEWAY_BENCH_CHARGERS_AT_SCALE, default 5,000)
 * routed to two upstreams (primary + observer): closed-loop throughput and the gateway's memory.
 * GATEWAY_BENCH_SECONDS sets each phase's length (default 5); GATEWAY_BENCH_CPU_PROF=<dir> profiles the gateways.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBareRelay, startEdgeProcess, startLoadGenerator, startRpcCeiling, type Placement, type ServerProcess } from './edge/child-processes.ts';
import type { LoadAction } from './edge/load-protocol.ts';
import { processCpuSeconds } from './edge/process-cpu.ts';
import type { Benchmark, BenchTable } from './report.ts';
import type { RouteRequestInput } from './gateway/seed-default-route.ts';
import { mebibytes, percentile } from './stats.ts';

const chargers = 100;
const chargersAtScale = Number(process.env['GATEWAY_BENCH_CHARGERS_AT_SCALE'] ?? '5000');
const openLoopRates = [1_000, 5_000] as const;
const phaseMs = Number(process.env['GATEWAY_BENCH_SECONDS'] ?? '5') * 1000;
const warmupMs = Math.min(1_000, phaseMs / 5);
// Half the calls need the durable append before their answer (MeterValues), half are batched.
const actions: readonly LoadAction[] = ['MeterValues', 'StatusNotification'];
const profileDir = process.env['GATEWAY_BENCH_CPU_PROF'];
const gatewayCore: Placement = { core: 0 };
/** The V8 flag deploy/Dockerfile and `make run` start every service with (32 MB young-generation semi-spaces). */
const deployedNodeFlags = ['--max-semi-space-size=32'];
// The load generator and the upstream CSMSs share the other core, in the direct runs as in the gateway runs.
const clientSideCore: Placement = { core: 1 };

interface RateRun {
  readonly ratePerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time of the gateway per call at this rate; null for the direct path. */
  readonly gatewayCpuMicrosPerCall: number | null;
}

interface TargetRun {
  readonly target: string;
  readonly closedCallsPerSecond: number;
  /** CPU time of the gateway per call in the closed loop; null for the direct path. */
  readonly gatewayCpuMicrosPerCall: number | null;
  readonly open: readonly RateRun[];
  readonly errors: number;
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** The gateway's CPU time per call over one phase; null for the direct path (no gateway). */
async function gatewayCpuPerCall<T extends { readonly answered: number; readonly measuredMs: number }>(
  gatewayPid: number | null,
  phase: () => Promise<T>,
): Promise<{ readonly measured: T; readonly micros: number | null }> {
  const cpuBefore = gatewayPid === null ? 0 : await processCpuSeconds(gatewayPid);
  const measured = await phase();
  if (gatewayPid === null) return { measured, micros: null };
  const cpu = (await processCpuSeconds(gatewayPid)) - cpuBefore;
  // Over the whole phase, per call answered in it (warm-up calls included).
  const calls = (measured.answered * phaseMs) / measured.measuredMs;
  return { measured, micros: Math.round((cpu * 1e6) / calls) };
}

async function measureTarget(target: string, url: string, gatewayPid: number | null): Promise<TargetRun> {
  const load = await startLoadGenerator(clientSideCore);
  try {
    const ids = Array.from({ length: chargers }, (_, index) => `GW-BENCH-${target.replace(/\W+/g, '-')}-${index}`);
    const connected = await load.ask({ kind: 'connect', urls: [url], chargerIds: ids, concurrency: 25 }, 'connected');
    if (connected.connected !== chargers) throw new Error(`${target}: only ${connected.connected} of ${chargers} chargers booted`);
    const closed = await gatewayCpuPerCall(gatewayPid, () => load.ask({ kind: 'closedLoop', durationMs: phaseMs, warmupMs, actions }, 'measured'));
    let errors = closed.measured.errors;
    const open: RateRun[] = [];
    for (const ratePerSecond of openLoopRates) {
      const { measured, micros } = await gatewayCpuPerCall(gatewayPid, () =>
        load.ask({ kind: 'openLoop', ratePerSecond, durationMs: phaseMs, warmupMs, actions }, 'measured'),
      );
      errors += measured.errors;
      const latencies = [...measured.latenciesMs];
      open.push({ ratePerSecond, p50: round(percentile(latencies, 0.5)), p99: round(percentile(latencies, 0.99)), gatewayCpuMicrosPerCall: micros });
    }
    await load.ask({ kind: 'disconnect' }, 'disconnected');
    return {
      target,
      closedCallsPerSecond: Math.round((closed.measured.answered * 1000) / closed.measured.measuredMs),
      gatewayCpuMicrosPerCall: closed.micros,
      open,
      errors,
    };
  } finally {
    await load.stop();
  }
}

const upstreamUrl = (server: ServerProcess): string => `ws://127.0.0.1:${server.port}/ocpp`;

function routeTo(primary: ServerProcess, observers: readonly ServerProcess[]): RouteRequestInput {
  const timeouts = { connectMs: 5_000, callMs: 10_000 };
  return {
    upstreams: [
      { name: 'primary', role: 'primary', url: upstreamUrl(primary), timeouts },
      ...observers.map((observer, index) => ({ name: `observer-${index + 1}`, role: 'observer' as const, url: upstreamUrl(observer), timeouts })),
    ],
  };
}

async function withGateway<T>(name: string, primary: ServerProcess, observers: readonly ServerProcess[], use: (gateway: ServerProcess) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-bench-gateway-'));
  try {
    const gateway = await startEdgeProcess(
      { instanceId: name, dataDir, port: 0, heartbeatIntervalSeconds: 300, bus: { kind: 'embedded', durability: 'sync' }, defaultRoute: routeTo(primary, observers) },
      { ...gatewayCore, nodeFlags: [...deployedNodeFlags, ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`])] },
    );
    try {
      return await use(gateway);
    } finally {
      await gateway.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const gatewayUrl = (gateway: ServerProcess): string => `ws://127.0.0.1:${gateway.port}/ocpp/`;

function throughGateway(primary: ServerProcess, observers: readonly ServerProcess[]): Promise<TargetRun> {
  return withGateway(`gateway-${observers.length}-observers`, primary, observers, (gateway) =>
    measureTarget(`gateway, ${observers.length} observer${observers.length === 1 ? '' : 's'}`, gatewayUrl(gateway), gateway.pid),
  );
}

/** What `ws` alone costs in the same placement: the floor under any Node gateway, ours included. */
async function throughBareRelay(primary: ServerProcess, observers: readonly ServerProcess[]): Promise<TargetRun> {
  const relay = await startBareRelay([primary, ...observers].map(upstreamUrl), gatewayCore);
  try {
    const mirrors = `${observers.length} mirror${observers.length === 1 ? '' : 's'}`;
    return await measureTarget(`bare ws relay (no ids, no log), ${mirrors}`, gatewayUrl(relay), relay.pid);
  } finally {
    await relay.stop();
  }
}

interface ScaleRun {
  readonly booted: number;
  readonly bootSeconds: number;
  readonly callsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly gatewayCpuMicrosPerCall: number | null;
  readonly idle: { readonly rssBytes: number; readonly heapUsedBytes: number };
  readonly connected: { readonly rssBytes: number; readonly heapUsedBytes: number };
  readonly loaded: { readonly rssBytes: number; readonly heapUsedBytes: number };
}

/** Many chargers on one gateway, each with a link to the primary and one to the observer (3 sockets per charger). */
function atScale(primary: ServerProcess, observer: ServerProcess): Promise<ScaleRun> {
  return withGateway('gateway-at-scale', primary, [observer], async (gateway) => {
    const idle = await gateway.memory();
    const load = await startLoadGenerator(clientSideCore);
    try {
      const ids = Array.from({ length: chargersAtScale }, (_, index) => `GW-SCALE-${index}`);
      const startedAt = Date.now();
      const boot = await load.ask({ kind: 'connect', urls: [gatewayUrl(gateway)], chargerIds: ids, concurrency: 64 }, 'connected');
      const bootSeconds = (boot.lastBootedAt - startedAt) / 1000;
      const connected = await gateway.memory();
      const { measured, micros } = await gatewayCpuPerCall(gateway.pid, () =>
        load.ask({ kind: 'closedLoop', durationMs: phaseMs, warmupMs, actions }, 'measured'),
      );
      const loaded = await gateway.memory();
      await load.ask({ kind: 'disconnect' }, 'disconnected');
      const latencies = [...measured.latenciesMs];
      return {
        booted: boot.connected,
        bootSeconds: round(bootSeconds),
        callsPerSecond: Math.round((measured.answered * 1000) / measured.measuredMs),
        p50: round(percentile(latencies, 0.5)),
        p99: round(percentile(latencies, 0.99)),
        errors: measured.errors + boot.refused,
        gatewayCpuMicrosPerCall: micros,
        idle,
        connected,
        loaded,
      };
    } finally {
      await load.stop();
    }
  });
}

function tables(runs: readonly TargetRun[]): BenchTable[] {
  const direct = runs[0];
  const rateOf = (run: TargetRun | undefined, rate: number): RateRun | undefined => run?.open.find((candidate) => candidate.ratePerSecond === rate);
  const added = (run: TargetRun, rate: number, pick: (rateRun: RateRun) => number): string => {
    const mine = rateOf(run, rate);
    const theirs = rateOf(direct, rate);
    return mine === undefined || theirs === undefined || run === direct ? '-' : `${round(pick(mine) - pick(theirs))}`;
  };
  const latency: BenchTable = {
    title: `Gateway added latency: ${chargers} OCPP 1.6 chargers, MeterValues (durable before answer) / StatusNotification alternating`,
    columns: ['path', ...openLoopRates.flatMap((rate) => [`p50 ms at ${rate / 1000}k/s`, `p99 ms at ${rate / 1000}k/s`, `added p50 ms at ${rate / 1000}k/s`, `added p99 ms at ${rate / 1000}k/s`]), 'errors'],
    rows: runs.map((run) => [
      run.target,
      ...openLoopRates.flatMap((rate) => [rateOf(run, rate)?.p50 ?? '-', rateOf(run, rate)?.p99 ?? '-', added(run, rate, (r) => r.p50), added(run, rate, (r) => r.p99)]),
      run.errors,
    ]),
    notes: [
      'target (issue 4): added p99 <= 2 ms at 1k and 5k msg/s with events durable; for scale, a peer Node gateway with no persistence added +0.12 ms p99 at 1k/s and +0.38 ms at 5k/s',
      'added = gateway minus direct, both measured in this run against the same kind of upstream: a bare ocpp-rpc RPCServer (strict mode off) that answers every call and stores nothing',
      'gateway: the edge with a default route (primary + observers), embedded log (lmdb, sync durability); every frame appended, MeterValues and its domain events durable before the answer; the frame append overlaps the upstream round trip, the events (derived from the primary answer) are appended after it',
      `open loop: calls due at fixed times round-robin over the chargers; latency counts from when a call was due; each phase ${phaseMs / 1000} s, first ${warmupMs / 1000} s not counted`,
      'gateway pinned to core 0 (taskset), started as deployed (services/cli/register-typescript.js, --max-semi-space-size=32, deploy/Dockerfile); load generator and every upstream share core 1, in the direct runs too. A 2-core shared machine: on a real network the upstream round trip hides the durable append',
      "bare ws relay: the floor under any Node gateway on `ws`, on the gateway's core (test/bench/gateway/bare-relay-process.ts): frames copied as they are to every upstream, the first one's copied back; no message ids of its own, no parsing, nothing stored, observers' answers and calls not told apart",
      "gateway frames: the charger's CALL and answer, each CALL's live copies listed on the answer (relayed_as) rather than recorded again per upstream, the domain events, and each observer's answer as a decision",
    ],
  };
  const throughput: BenchTable = {
    title: 'Gateway throughput: closed loop, every charger sends its next call as soon as it has the answer',
    columns: [
      'path',
      'calls/s',
      'vs direct',
      'gateway CPU us/call',
      'calls/s per full gateway core',
      ...openLoopRates.map((rate) => `gateway CPU us/call at ${rate / 1000}k/s`),
    ],
    rows: runs.map((run) => [
      run.target,
      run.closedCallsPerSecond,
      direct === undefined ? '-' : `${round(run.closedCallsPerSecond / direct.closedCallsPerSecond)}x`,
      run.gatewayCpuMicrosPerCall ?? '-',
      run.gatewayCpuMicrosPerCall === null ? '-' : Math.round(1e6 / run.gatewayCpuMicrosPerCall),
      ...openLoopRates.map((rate) => rateOf(run, rate)?.gatewayCpuMicrosPerCall ?? '-'),
    ]),
    notes: [
      'gateway CPU us/call: CPU time of the gateway process (user + system, /proc) over the closed loop per call answered; steadier than calls/s on a shared machine',
      'at 1k/s and 5k/s: the same over the open-loop phases (at a fixed rate, batching of log appends does not depend on how fast the gateway runs; at 5k/s the gateway may fall behind)',
      'for scale: the peer Node gateway (no persistence) reached 0.62x of direct with no mirror and 0.39x with one',
    ],
  };
  return [latency, throughput];
}

function scaleTable(run: ScaleRun): BenchTable {
  const perCharger = (bytes: number): number => Math.round(bytes / Math.max(1, run.booted));
  return {
    title: `${chargersAtScale.toLocaleString('en-US')} chargers routed to two upstreams (primary + observer): closed loop and memory`,
    columns: ['measure', 'value'],
    rows: [
      ['chargers booted', run.booted],
      ['time until all booted (s)', run.bootSeconds],
      ['calls/s (closed loop)', run.callsPerSecond],
      ['latency p50 ms', run.p50],
      ['latency p99 ms', run.p99],
      ['errors', run.errors],
      ['gateway CPU us/call', run.gatewayCpuMicrosPerCall ?? '-'],
      ['gateway RSS idle (MiB)', mebibytes(run.idle.rssBytes)],
      ['gateway RSS, chargers connected (MiB)', mebibytes(run.connected.rssBytes)],
      ['gateway RSS after the closed loop (MiB)', mebibytes(run.loaded.rssBytes)],
      ['RSS per charger, connected (bytes, above idle)', perCharger(run.connected.rssBytes - run.idle.rssBytes)],
      ['heap per charger, connected (bytes, above idle)', perCharger(run.connected.heapUsedBytes - run.idle.heapUsedBytes)],
      ['heap per charger, after the closed loop (bytes, above idle)', perCharger(run.loaded.heapUsedBytes - run.idle.heapUsedBytes)],
    ],
    notes: [
      `every charger has 3 sockets in the gateway: its own and one link to each upstream (${(3 * chargersAtScale).toLocaleString('en-US')} in all); the upstreams (bare ocpp-rpc servers) and the load generator run in other processes`,
      `connect: 64 handshakes in flight, each charger boots (BootNotification through the primary); closed loop: every charger sends its next call (MeterValues / StatusNotification) as soon as it has the answer, ${phaseMs / 1000} s`,
      'memory: RSS and V8 heap used after a full GC, minus the same before any charger connected',
    ],
  };
}

const benchmark: Benchmark = {
  name: 'gateway',
  description: 'gateway added latency (p50/p99 at 1k and 5k msg/s) and throughput vs a direct connection, with 0, 1 and 2 observers; 5k chargers on two upstreams',
  async run() {
    const primary = await startRpcCeiling(clientSideCore);
    const observers = [await startRpcCeiling(clientSideCore), await startRpcCeiling(clientSideCore)];
    try {
      const runs: TargetRun[] = [await measureTarget('direct', `${upstreamUrl(primary)}/`, null)];
      for (const observerCount of [0, 1]) runs.push(await throughBareRelay(primary, observers.slice(0, observerCount)));
      for (const observerCount of [0, 1, 2]) runs.push(await throughGateway(primary, observers.slice(0, observerCount)));
      const [observer] = observers;
      if (observer === undefined) throw new Error('no observer upstream');
      return [...tables(runs), scaleTable(await atScale(primary, observer))];
    } finally {
      for (const server of [primary, ...observers]) await server.stop();
    }
  },
};

export default benchmark;
