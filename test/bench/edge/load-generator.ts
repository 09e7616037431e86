/**
 * A cheap OCPP 1.6 charger farm in its own process for the edge benchmarks: plain `ws` sockets writing
 * OCPP-J text (no RPC library), driven by the parent over IPC (load-protocol.ts).
 */
import WebSocket from 'ws';
import type { LoadAction, LoadReply, LoadRequest } from './load-protocol.ts';

interface Charger {
  readonly id: string;
  readonly socket: WebSocket;
  /** Resolves the outstanding CALL's answer: OCPP-J allows one at a time. */
  awaiting: ((isError: boolean) => void) | undefined;
  /** Open loop: when each call that could not go yet was due. */
  readonly backlog: number[];
  sent: number;
}

const chargers: Charger[] = [];
let messageCounter = 0;
let stamp = new Date().toISOString();
const stampTimer = setInterval(() => {
  stamp = new Date().toISOString();
}, 100);
stampTimer.unref();

const nowMs = (): number => performance.timeOrigin + performance.now();

function payloadOf(action: LoadAction | 'BootNotification', charger: Charger): unknown {
  switch (action) {
    case 'BootNotification':
      return { chargePointVendor: 'Bench', chargePointModel: 'LoadGen' };
    case 'Heartbeat':
      return {};
    case 'MeterValues':
      return {
        connectorId: 1,
        meterValue: [{ timestamp: stamp, sampledValue: [{ value: String(charger.sent * 10), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
      };
    case 'StatusNotification':
      return { connectorId: 1, errorCode: 'NoError', status: charger.sent % 2 === 0 ? 'Available' : 'Preparing', timestamp: stamp };
    default: {
      const unreachable: never = action;
      throw new Error(`unknown action ${String(unreachable)}`);
    }
  }
}

function call(charger: Charger, action: LoadAction | 'BootNotification', done: (isError: boolean) => void): void {
  messageCounter += 1;
  charger.sent += 1;
  charger.awaiting = done;
  charger.socket.send(JSON.stringify([2, String(messageCounter), action, payloadOf(action, charger)]));
}

function onFrame(charger: Charger, data: WebSocket.RawData): void {
  const text = data.toString();
  // Only answers matter here; a CALL from the edge (none in these runs) is ignored.
  const isError = text.startsWith('[4');
  if (!isError && !text.startsWith('[3')) return;
  const done = charger.awaiting;
  charger.awaiting = undefined;
  done?.(isError);
}

function openCharger(url: string, id: string, password: string | undefined): Promise<Charger | undefined> {
  return new Promise((resolve) => {
    const headers = password === undefined ? undefined : { authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` };
    const socket = new WebSocket(`${url}${id}`, ['ocpp1.6'], { perMessageDeflate: false, ...(headers === undefined ? {} : { headers }) });
    const charger: Charger = { id, socket, awaiting: undefined, backlog: [], sent: 0 };
    socket.on('message', (data) => onFrame(charger, data));
    socket.once('open', () => resolve(charger));
    socket.once('unexpected-response', () => {
      socket.terminate();
      resolve(undefined);
    });
    socket.on('error', () => resolve(undefined));
  });
}

async function connect(request: Extract<LoadRequest, { kind: 'connect' }>): Promise<LoadReply> {
  let next = 0;
  let refused = 0;
  let firstOpenAt = Number.POSITIVE_INFINITY;
  let lastBootedAt = 0;
  const bootLatenciesMs: number[] = [];
  const worker = async (): Promise<void> => {
    while (next < request.chargerIds.length) {
      const index = next;
      next += 1;
      const id = request.chargerIds[index] ?? '';
      const url = request.urls[index % request.urls.length] ?? '';
      const started = nowMs();
      const charger = await openCharger(url, id, request.basicPassword);
      if (charger === undefined) {
        refused += 1;
        continue;
      }
      firstOpenAt = Math.min(firstOpenAt, started);
      const accepted = await new Promise<boolean>((resolve) => call(charger, 'BootNotification', (isError) => resolve(!isError)));
      const bootedAt = nowMs();
      if (!accepted) {
        refused += 1;
        charger.socket.terminate();
        continue;
      }
      bootLatenciesMs.push(bootedAt - started);
      lastBootedAt = Math.max(lastBootedAt, bootedAt);
      chargers.push(charger);
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  return { kind: 'connected', connected: chargers.length, refused, firstOpenAt, lastBootedAt, bootLatenciesMs };
}

interface Tally {
  answered: number;
  errors: number;
  readonly latenciesMs: number[];
  measureFrom: number;
}

function record(tally: Tally, dueAt: number, isError: boolean): void {
  const answeredAt = nowMs();
  if (dueAt < tally.measureFrom) return;
  if (isError) tally.errors += 1;
  else tally.answered += 1;
  tally.latenciesMs.push(answeredAt - dueAt);
}

function measured(tally: Tally, measuredMs: number, cpuBefore: NodeJS.CpuUsage): LoadReply {
  const cpu = process.cpuUsage(cpuBefore);
  return {
    kind: 'measured',
    answered: tally.answered,
    errors: tally.errors,
    measuredMs,
    latenciesMs: tally.latenciesMs,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

async function closedLoop(request: Extract<LoadRequest, { kind: 'closedLoop' }>): Promise<LoadReply> {
  const cpuBefore = process.cpuUsage();
  const start = nowMs();
  const stopAt = start + request.durationMs;
  const tally: Tally = { answered: 0, errors: 0, latenciesMs: [], measureFrom: start + request.warmupMs };
  await Promise.all(
    chargers.map(
      (charger, index) =>
        new Promise<void>((resolve) => {
          let turn = index;
          const sendNext = (): void => {
            if (nowMs() >= stopAt || charger.socket.readyState !== WebSocket.OPEN) {
              resolve();
              return;
            }
            const dueAt = nowMs();
            turn += 1;
            call(charger, request.actions[turn % request.actions.length] ?? 'Heartbeat', (isError) => {
              record(tally, dueAt, isError);
              sendNext();
            });
          };
          sendNext();
        }),
    ),
  );
  return measured(tally, stopAt - tally.measureFrom, cpuBefore);
}

async function openLoop(request: Extract<LoadRequest, { kind: 'openLoop' }>): Promise<LoadReply> {
  const cpuBefore = process.cpuUsage();
  const start = nowMs();
  const tally: Tally = { answered: 0, errors: 0, latenciesMs: [], measureFrom: start + request.warmupMs };
  const total = Math.floor((request.ratePerSecond * request.durationMs) / 1000);
  let issued = 0;
  let outstanding = 0;
  let allIssued: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    allIssued = resolve;
  });
  const dispatch = (charger: Charger, dueAt: number, turn: number): void => {
    outstanding += 1;
    call(charger, request.actions[turn % request.actions.length] ?? 'Heartbeat', (isError) => {
      outstanding -= 1;
      record(tally, dueAt, isError);
      const waiting = charger.backlog.shift();
      if (waiting !== undefined) dispatch(charger, waiting, turn + 1);
      else if (issued >= total && outstanding === 0) allIssued();
    });
  };
  const tick = (): void => {
    const due = Math.min(total, Math.floor(((nowMs() - start) * request.ratePerSecond) / 1000));
    while (issued < due) {
      // Spread evenly over the run: call k was due at start + k / rate.
      const dueAt = start + (issued * 1000) / request.ratePerSecond;
      const charger = chargers[issued % chargers.length];
      issued += 1;
      if (charger === undefined || charger.socket.readyState !== WebSocket.OPEN) continue;
      if (charger.awaiting === undefined) dispatch(charger, dueAt, issued);
      else charger.backlog.push(dueAt);
    }
    if (issued < total) setTimeout(tick, 1);
    else if (outstanding === 0) allIssued();
  };
  tick();
  await finished;
  return measured(tally, request.durationMs - request.warmupMs, cpuBefore);
}

async function disconnect(): Promise<LoadReply> {
  await Promise.all(
    chargers.splice(0).map(
      (charger) =>
        new Promise<void>((resolve) => {
          if (charger.socket.readyState === WebSocket.CLOSED) {
            resolve();
            return;
          }
          charger.socket.once('close', () => resolve());
          charger.socket.terminate();
        }),
    ),
  );
  return { kind: 'disconnected' };
}

function handle(request: LoadRequest): Promise<LoadReply> {
  switch (request.kind) {
    case 'connect':
      return connect(request);
    case 'closedLoop':
      return closedLoop(request);
    case 'openLoop':
      return openLoop(request);
    case 'disconnect':
      return disconnect();
    default: {
      const unreachable: never = request;
      throw new Error(`unknown request ${JSON.stringify(unreachable)}`);
    }
  }
}

process.on('message', (request: LoadRequest) => {
  handle(request)
    .then((reply) => process.send?.(reply))
    .catch((error: unknown) => process.send?.({ kind: 'failed', message: String(error) } satisfies LoadReply));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ kind: 'ready' } satisfies LoadReply);
