import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually, framesOf, type DecodedFrame } from '../edge/support/edge-harness.ts';
import { startTwoUpstreamGateway, type TwoUpstreamGateway } from './support/two-upstream-gateway.ts';

const now = (): string => new Date().toISOString();
/** Heartbeats are answered once the test lets them (both upstreams answer alike). */
let heartbeatsAnswered: Promise<void> = Promise.resolve();
const answers = {
  BootNotification: () => ({ status: 'Accepted', interval: 300, currentTime: now() }),
  Heartbeat: async () => {
    await heartbeatsAnswered;
    return { currentTime: now() };
  },
};
const boot = { reason: 'PowerUp', chargingStation: { model: 'Frames-Test', vendorName: 'Switchyard' } };
const chargerId = 'CS-FRAMES-1';

const sideOf = (frames: readonly DecodedFrame[], upstream: string | null) =>
  frames.filter((frame) => frame.upstream === upstream).map((frame) => ({ direction: frame.direction, type: frame.messageType, id: frame.messageId, action: frame.action, text: frame.text }));

describe('the gateway logs both sides of its upstream links on switchyard.ocpp.frames', () => {
  let gateway: TwoUpstreamGateway;
  let charger: Charger | undefined;

  beforeAll(async () => {
    gateway = await startTwoUpstreamGateway('ocpp2.0.1', answers);
    await gateway.edge.admin('PUT', `/routes/chargers/${chargerId}`, { upstreams: gateway.upstreams('legacy', 'next') });
    charger = await connectCharger({ baseUrl: gateway.edge.wsUrl, identity: chargerId, protocol: 'ocpp2.0.1' });
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await gateway?.close();
  });

  it("lists a charger CALL's live copies, with each link's message id, on the charger's answer; an upstream's own CALL is logged on its link", async () => {
    const cs = charger as Charger;
    cs.handle('GetVariables', async () => ({ getVariableResult: [{ attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '300' }] }));
    const bootAnswer = await cs.call('BootNotification', boot);
    await gateway.primary.call(chargerId, 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });

    const frames = await eventually(async () => {
      const found = await framesOf(gateway.world.bus, gateway.world.serde, chargerId);
      expect(sideOf(found, 'legacy')).toHaveLength(2);
      expect(sideOf(found, null)).toHaveLength(4);
      return found;
    });
    expect(sideOf(frames, 'next')).toEqual([]);
    expect(sideOf(frames, null).map(({ direction, type, action }) => `${direction} ${type} ${action}`)).toEqual([
      'IN CALL BootNotification',
      'OUT CALLRESULT BootNotification',
      'OUT CALL GetVariables',
      'IN CALLRESULT GetVariables',
    ]);

    const chargerSide = frames.filter((frame) => frame.upstream === null);
    const [chargerBoot, bootAnswered, chargerCommand] = chargerSide;
    expect(JSON.parse(bootAnswered?.text ?? '')).toEqual([3, chargerBoot?.messageId, bootAnswer]);
    const relays = bootAnswered?.relayedAs ?? [];
    expect(relays.map(({ upstream, role }) => `${upstream} ${role}`).sort()).toEqual(['legacy PRIMARY', 'next OBSERVER']);
    const linkIds = relays.map((relay) => relay.messageId);
    expect(new Set([...linkIds, chargerBoot?.messageId]).size).toBe(3);
    expect(chargerSide.filter((frame) => frame !== bootAnswered).every((frame) => frame.relayedAs.length === 0)).toBe(true);

    const [command, commandAnswer] = sideOf(frames, 'legacy');
    expect(command).toMatchObject({ direction: 'IN', type: 'CALL', action: 'GetVariables' });
    expect(command?.id).not.toBe(chargerCommand?.messageId);
    expect(commandAnswer).toMatchObject({ direction: 'OUT', type: 'CALLRESULT', id: command?.id, action: 'GetVariables' });
  });

  it("records a CALL's live copies on their links when the charger leaves before its answer", async () => {
    const leaving = 'CS-FRAMES-LEAVES';
    await gateway.edge.admin('PUT', `/routes/chargers/${leaving}`, { upstreams: gateway.upstreams('legacy', 'next') });
    const cs = await connectCharger({ baseUrl: gateway.edge.wsUrl, identity: leaving, protocol: 'ocpp2.0.1' });
    await cs.call('BootNotification', boot);
    let answerHeartbeats: () => void = () => undefined;
    heartbeatsAnswered = new Promise((resolve) => (answerHeartbeats = resolve));
    const unanswered = cs.call('Heartbeat', {}).catch(() => 'never answered');
    await eventually(async () => expect([...gateway.primary.actionsFrom(leaving), ...gateway.observer.actionsFrom(leaving)]).toEqual(['BootNotification', 'Heartbeat', 'BootNotification', 'Heartbeat']));
    await cs.close({ force: true });
    answerHeartbeats();
    expect(await unanswered).toBe('never answered');

    const heartbeatFrames = (found: readonly DecodedFrame[], upstream: string | null) =>
      sideOf(found, upstream)
        .filter((frame) => frame.action === 'Heartbeat')
        .map(({ direction, type }) => `${direction} ${type}`);
    const frames = await eventually(async () => {
      const found = await framesOf(gateway.world.bus, gateway.world.serde, leaving);
      expect(heartbeatFrames(found, 'legacy')).toEqual(['OUT CALL', 'IN CALLRESULT']);
      expect(heartbeatFrames(found, 'next')).toEqual(['OUT CALL', 'IN CALLRESULT']);
      return found;
    });
    expect(heartbeatFrames(frames, null)).toEqual(['IN CALL']);
    // The copies are the charger's CALL under each link's own id.
    const chargerCall = frames.find((frame) => frame.upstream === null && frame.action === 'Heartbeat');
    for (const copy of frames.filter((frame) => frame.upstream !== null && frame.action === 'Heartbeat' && frame.messageType === 'CALL')) {
      expect(copy.messageId).not.toBe(chargerCall?.messageId);
      expect(JSON.parse(copy.text)).toEqual([2, copy.messageId, 'Heartbeat', {}]);
    }
  });
});
