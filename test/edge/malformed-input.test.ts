import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, framesOf, openTestWorld, startTestEdge, type TestEdge , type TestWorld } from './support/edge-harness.ts';
import { attemptUpgrade, RawPeer } from './support/raw-socket.ts';

const maxFrameBytes = 4096;

type Case = [name: string, frame: string, answer: unknown[] | null];

/** given this exact text from the charger, then this answer (null: none, as the version says to ignore it). */
const casesByVersion: Record<'ocpp1.6' | 'ocpp2.0.1', Case[]> = {
  'ocpp1.6': [
    ['invalid JSON', '[2,"m1","Heartbeat",{', [4, '-1', 'FormationViolation', 'frame is not valid JSON', {}]],
    ['a JSON object instead of an array', '{"id":1}', [4, '-1', 'FormationViolation', 'frame is not a JSON array', {}]],
    ['an unknown message type id', '[7,"m2","Heartbeat",{}]', null],
    ['an unknown action', '[2,"m3","MakeCoffee",{}]', [4, 'm3', 'NotImplemented', 'unknown action MakeCoffee', {}]],
    ['a CSMS-only action', '[2,"m4","Reset",{"type":"Hard"}]', [4, 'm4', 'NotSupported', expect.stringContaining('Reset'), {}]],
    ['a missing required field', '[2,"m5","BootNotification",{"chargePointVendor":"Acme"}]', [4, 'm5', 'OccurenceConstraintViolation', expect.any(String), expect.any(Object)]],
    ['a field of the wrong type', '[2,"m6","BootNotification",{"chargePointVendor":5,"chargePointModel":"X"}]', [4, 'm6', 'TypeConstraintViolation', expect.any(String), expect.any(Object)]],
    ['a value outside its enumeration', '[2,"m7","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Dancing"}]', [4, 'm7', 'PropertyConstraintViolation', expect.any(String), expect.any(Object)]],
    ['an oversize frame', `[2,"m8","DataTransfer",{"vendorId":"x","data":"${'y'.repeat(maxFrameBytes)}"}]`, [4, 'm8', 'FormationViolation', `frame exceeds ${maxFrameBytes} bytes`, {}]],
    ['a CALLRESULT nobody asked for', '[3,"m9",{}]', null],
  ],
  'ocpp2.0.1': [
    ['invalid JSON', '[2,"m1","Heartbeat",{', [4, '-1', 'RpcFrameworkError', 'frame is not valid JSON', {}]],
    ['a JSON object instead of an array', '{"id":1}', [4, '-1', 'RpcFrameworkError', 'frame is not a JSON array', {}]],
    ['an unknown message type id', '[7,"m2","Heartbeat",{}]', [4, 'm2', 'MessageTypeNotSupported', expect.any(String), {}]],
    ['an unknown action', '[2,"m3","MakeCoffee",{}]', [4, 'm3', 'NotImplemented', 'unknown action MakeCoffee', {}]],
    ['a CSMS-only action', '[2,"m4","Reset",{"type":"Immediate"}]', [4, 'm4', 'NotSupported', expect.stringContaining('Reset'), {}]],
    ['a missing required field', '[2,"m5","BootNotification",{"reason":"PowerUp"}]', [4, 'm5', 'OccurrenceConstraintViolation', expect.any(String), expect.any(Object)]],
    ['a field of the wrong type', '[2,"m6","Heartbeat",[]]', [4, 'm6', 'FormatViolation', expect.any(String), {}]],
    ['an oversize frame', `[2,"m8","DataTransfer",{"vendorId":"x","data":"${'y'.repeat(maxFrameBytes)}"}]`, [4, 'm8', 'FormatViolation', `frame exceeds ${maxFrameBytes} bytes`, {}]],
    ['a CALLRESULT nobody asked for', '[3,"m9",{}]', null],
  ],
};

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('malformed input over %s', (version) => {
  let world: TestWorld;
  const chargerId = `CP-BAD-${version === 'ocpp1.6' ? '16' : '201'}`;
  let edge: TestEdge;
  let peer: RawPeer;
  let framesSent = 0;

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true, maxFrameBytes } });
    const outcome = await attemptUpgrade(`${edge.wsUrl}/${chargerId}`, [version]);
    if (outcome.kind !== 'open') throw new Error('refused');
    peer = new RawPeer(outcome.socket);
  });

  afterAll(async () => {
    peer?.socket.close();
    await edge?.close();
    await world?.cleanup();
  });

  const send = (text: string): void => {
    framesSent += 1;
    peer.send(text);
  };

  it.each(casesByVersion[version])('answers %s as the spec says and keeps the socket', async (_name, frame, answer) => {
    send(frame);
    if (answer === null) {
      expect(await peer.nothingWithin(200)).toBe(true);
    } else {
      expect(await peer.next()).toEqual(answer);
    }
    send('[2,"ping-after","Heartbeat",{}]');
    expect(await peer.next()).toEqual([3, 'ping-after', { currentTime: expect.any(String) }]);
  });

  it('answers a binary frame with a CALLERROR', async () => {
    framesSent += 1;
    peer.socket.send(Buffer.from([1, 2, 3]));
    expect((await peer.next()).slice(0, 3)).toEqual([4, '-1', version === 'ocpp1.6' ? 'FormationViolation' : 'RpcFrameworkError']);
  });

  it('answers a duplicate message id again (a retry after a lost answer)', async () => {
    send('[2,"dup-1","Heartbeat",{}]');
    expect((await peer.next()).slice(0, 2)).toEqual([3, 'dup-1']);
    send('[2,"dup-1","Heartbeat",{}]');
    expect((await peer.next()).slice(0, 2)).toEqual([3, 'dup-1']);
  });

  it('answers every call of a flood exactly once, refusing those sent while one is in progress', async () => {
    const ids = Array.from({ length: 25 }, (_, index) => `flood-${index}`);
    for (const id of ids) send(`[2,"${id}","Heartbeat",{}]`);
    const answers = [];
    for (let index = 0; index < ids.length; index += 1) answers.push(await peer.next());
    // The accepted call is answered when it is done, possibly after the refusals of those behind it.
    expect(answers.map((answer) => String(answer[1])).sort()).toEqual([...ids].sort());
    expect(answers.find((answer) => answer[1] === 'flood-0')?.[0]).toBe(3);
    const refusal = version === 'ocpp1.6' ? 'FormationViolation' : 'RpcFrameworkError';
    for (const answer of answers) {
      if (answer[0] === 4) expect(answer[2]).toBe(refusal);
      else expect(answer[0]).toBe(3);
    }
    expect(answers.some((answer) => answer[0] === 4)).toBe(true);
    send('[2,"after-flood","Heartbeat",{}]');
    expect((await peer.next()).slice(0, 2)).toEqual([3, 'after-flood']);
  });

  it('recorded every frame it received, valid or not, with the verdict', async () => {
    const frames = await eventually(async () => {
      const all = await framesOf(world.bus, edge.serde, chargerId);
      expect(all.filter((frame) => frame.direction === 'IN')).toHaveLength(framesSent);
      return all;
    });
    const invalidJson = frames.find((frame) => frame.text === '[2,"m1","Heartbeat",{');
    expect(invalidJson).toMatchObject({ direction: 'IN', messageType: 'CALL', validation: 'INVALID', errorCode: version === 'ocpp1.6' ? 'FormationViolation' : 'RpcFrameworkError' });
    expect(frames.find((frame) => frame.text === '{"id":1}')).toMatchObject({ messageType: 'UNPARSEABLE', validation: 'INVALID' });
    expect(frames.find((frame) => frame.messageId === 'm5' && frame.direction === 'IN')).toMatchObject({ action: 'BootNotification', validation: 'INVALID' });
    expect(frames.find((frame) => frame.messageId === 'm8' && frame.direction === 'IN')?.text.length).toBeGreaterThan(maxFrameBytes);
  });

  it('closes the socket (1009) only for a frame beyond the hard WebSocket limit', async () => {
    send(`[2,"huge","DataTransfer",{"vendorId":"x","data":"${'z'.repeat(maxFrameBytes * 5)}"}]`);
    expect((await peer.closed).code).toBe(1009);
  });
});
