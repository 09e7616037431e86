import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { connectCharger, type Charger } from './support/chargers.ts';
import { eventsOf, eventually, framesOf, openTestWorld, startTestEdge, type TestEdge , type TestWorld } from './support/edge-harness.ts';
import { attemptUpgrade, RawPeer } from './support/raw-socket.ts';

describe('durability before acknowledgement', () => {
  let world: TestWorld;
  const chargerId = 'CP-DURABLE';
  let edge: TestEdge;
  let charger: Charger;

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true } });
    charger = await connectCharger({ baseUrl: edge.wsUrl, identity: chargerId, protocol: 'ocpp1.6' });
    await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Volt-1' });
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await edge?.close();
    await world?.cleanup();
  });

  const start = { connectorId: 1, idTag: 'TAG-1', meterStart: 10, timestamp: '2026-01-01T10:00:00.000Z' };

  it('answers a transaction message with InternalError while its events cannot be stored', async () => {
    world.bus.failAppends = (records) => records.some((record) => record.topic === topics.ocppEvents);
    await expect(charger.call('StartTransaction', start)).rejects.toMatchObject({ rpcErrorCode: 'InternalError' });
    // Messages that need no durability are still answered.
    expect(await charger.call('Heartbeat', {})).toHaveProperty('currentTime');
  });

  it('acknowledges the retry once the log takes it, and records the transaction exactly once', async () => {
    world.bus.failAppends = null;
    const answer = (await charger.call('StartTransaction', start)) as { transactionId: number };
    const events = await eventually(async () => {
      const started = (await eventsOf(world.bus, edge.serde, chargerId)).filter((event) => event.type === 'TransactionStarted');
      expect(started).toHaveLength(1);
      return started;
    });
    expect(events[0]?.value['transaction_id']).toBe(String(answer.transactionId));
  });

  it('still recorded the raw frame of the refused attempt', async () => {
    const frames = await eventually(async () => {
      const starts = (await framesOf(world.bus, edge.serde, chargerId)).filter((frame) => frame.action === 'StartTransaction');
      expect(starts).toHaveLength(4);
      return starts;
    });
    expect(frames.map((frame) => [frame.direction, frame.messageType])).toEqual(
      expect.arrayContaining([
        ['IN', 'CALL'],
        ['OUT', 'CALLERROR'],
        ['OUT', 'CALLRESULT'],
      ]),
    );
  });
});

describe('keepalive', () => {
  it('terminates a socket that stops answering pings and records why', async () => {
    const world = await openTestWorld();
    const { bus, serde } = world;
    const edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true, pingIntervalMs: 150 } });
    try {
      const outcome = await attemptUpgrade(`${edge.wsUrl}/CP-SILENT`, ['ocpp2.0.1'], { autoPong: false });
      if (outcome.kind !== 'open') throw new Error('refused');
      const peer = new RawPeer(outcome.socket);
      expect((await peer.closed).code).toBe(1006);
      const disconnected = await eventually(async () => {
        const found = (await eventsOf(bus, serde, 'CP-SILENT')).find((event) => event.type === 'ChargerDisconnected');
        expect(found).toBeDefined();
        return found;
      });
      expect(disconnected?.value).toMatchObject({ closed_by: 'keepalive_timeout', close_code: null });
    } finally {
      await edge.close();
      await world.cleanup();
    }
  });

  it('keeps a socket that answers pings', async () => {
    const world = await openTestWorld();
    const edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true, pingIntervalMs: 100 } });
    try {
      const outcome = await attemptUpgrade(`${edge.wsUrl}/CP-ALIVE`, ['ocpp2.0.1']);
      if (outcome.kind !== 'open') throw new Error('refused');
      const peer = new RawPeer(outcome.socket);
      await new Promise((resolve) => setTimeout(resolve, 500));
      peer.send('[2,"still-here","Heartbeat",{}]');
      expect((await peer.next()).slice(0, 2)).toEqual([3, 'still-here']);
      outcome.socket.close();
    } finally {
      await edge.close();
      await world.cleanup();
    }
  });
});
