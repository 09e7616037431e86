import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { OcppFrameEvent } from '../../services/core/events/generated-types.ts';
import { createAvroSerde } from '../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';
import type { Serde } from '../../services/core/serde/serde.ts';
import { busChargerCallLog, type ChargerCallLog } from '../../services/gateway/catch-up/charger-call-log.ts';
import { openTestBus, type FaultyBus } from '../edge/support/test-bus.ts';
import { ocppFrameEvent } from '../support/ocpp-frame-event.ts';

const chargers = Array.from({ length: 40 }, (_, index) => `CS-CATCHUP-${index}`);
const startedAt = Date.UTC(2026, 10, 22, 8, 0, 0);

function frame(chargerId: string, at: number, side: { direction: 'IN' | 'OUT'; type: 'CALL' | 'CALLRESULT'; upstream?: string }, messageId: string): OcppFrameEvent {
  const text = side.type === 'CALL' ? JSON.stringify([2, messageId, 'Heartbeat', {}]) : JSON.stringify([3, messageId, { currentTime: new Date(at).toISOString() }]);
  return ocppFrameEvent({ chargerId, at, direction: side.direction, messageType: side.type, messageId, action: 'Heartbeat', text, ...(side.upstream === undefined ? {} : { upstream: side.upstream }) });
}

/** Each charger's Heartbeat exchanges, and the gateway's own frames with an upstream, interleaved on the log. */
async function appendRound(bus: FaultyBus, serde: Serde, round: number): Promise<void> {
  const records = [];
  for (const [index, chargerId] of chargers.entries()) {
    const at = startedAt + round * 60_000 + index;
    const id = `r${round}`;
    for (const value of [
      frame(chargerId, at, { direction: 'IN', type: 'CALL' }, id),
      frame(chargerId, at, { direction: 'OUT', type: 'CALL', upstream: 'legacy' }, `link-${id}`),
      frame(chargerId, at, { direction: 'OUT', type: 'CALLRESULT' }, id),
    ]) {
      records.push({ topic: topics.ocppFrames, key: chargerId, value: await serde.encode(topics.ocppFrames, value), timestamp: at });
    }
  }
  await bus.append(records);
}

describe('the charger call log reads missed calls back for many catch-ups at once', () => {
  let bus: FaultyBus;
  let cleanupBus: () => Promise<void>;
  let serde: Serde;
  let registryDir: string;
  let callLog: ChargerCallLog;

  beforeAll(async () => {
    ({ bus, cleanup: cleanupBus } = await openTestBus());
    registryDir = await mkdtemp(join(tmpdir(), 'switchyard-call-log-'));
    serde = createAvroSerde({
      registry: await openFileSchemaRegistry({ path: join(registryDir, 'registry.json') }),
      catalogue: await loadSchemaCatalogue(repositorySchemasDirectory),
    });
    callLog = busChargerCallLog({ bus, serde, groupPrefix: 'switchyard.gateway.catch-up.test' });
    for (const round of [0, 1, 2]) await appendRound(bus, serde, round);
  });

  afterAll(async () => {
    await cleanupBus?.();
    if (registryDir !== undefined) await rm(registryDir, { recursive: true, force: true });
  });

  it('gives every charger exactly its own CALLs since its own point, in order, then only what came after', async () => {
    const position = await callLog.positionAt(startedAt + 60_000);
    // Two observers of one charger, from different points, ask at the same time as every other charger.
    const reads = await Promise.all([
      ...chargers.map((chargerId) => callLog.callsFrom(chargerId, position, startedAt + 60_000)),
      callLog.callsFrom('CS-CATCHUP-7', position, startedAt + 120_000),
    ]);
    for (const index of chargers.keys()) {
      expect(reads[index]?.calls.map((call) => [call.messageId, call.action, call.receivedAt])).toEqual([
        ['r1', 'Heartbeat', startedAt + 60_000 + index],
        ['r2', 'Heartbeat', startedAt + 120_000 + index],
      ]);
    }
    expect(reads.at(-1)?.calls.map((call) => call.messageId)).toEqual(['r2']);

    await appendRound(bus, serde, 3);
    const next = reads[3]?.next ?? position;
    const later = await Promise.all([callLog.callsFrom('CS-CATCHUP-3', next, startedAt + 60_000), callLog.callsFrom('CS-CATCHUP-4', next, startedAt + 60_000)]);
    expect(later.map((read) => read.calls.map((call) => call.messageId))).toEqual([['r3'], ['r3']]);
  });

  it('reads nothing for a charger with no calls in the window', async () => {
    const position = await callLog.positionAt(startedAt);
    const read = await callLog.callsFrom('CS-NOT-ON-THE-LOG', position, startedAt);
    expect(read.calls).toEqual([]);
  });
});
