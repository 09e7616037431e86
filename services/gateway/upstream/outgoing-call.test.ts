import { describe, expect, it } from 'vitest';
import { serializeCall } from '../../edge/protocol/serialize.ts';
import { OutgoingCall, type UpstreamFrame } from './outgoing-call.ts';

describe('OutgoingCall', () => {
  const cases = [
    { name: 'a plain payload', messageId: '01JGATEWAY0000000000000000', action: 'Heartbeat', payload: {} },
    {
      name: 'nested values, unicode and quotes',
      messageId: 'id-"quoted"',
      action: 'MeterValues',
      payload: { connectorId: 1, meterValue: [{ timestamp: '2026-11-22T00:00:00Z', sampledValue: [{ value: '1.5', unit: 'kWh' }] }], note: 'é "x" \n' },
    },
  ];

  it.each(cases)('given $name, when framed for a link, then the text is what serializeCall writes', ({ messageId, action, payload }) => {
    expect(new OutgoingCall(action, payload, 'ownFrames').frameText(messageId)).toBe(serializeCall(messageId, action, payload));
  });

  it('given one call framed for two links, when the ids differ, then only the id differs', () => {
    const call = new OutgoingCall('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }, 'ownFrames');
    expect(call.frameText('first')).toBe(serializeCall('first', call.action, call.payload));
    expect(call.frameText('second')).toBe(serializeCall('second', call.action, call.payload));
  });

  const relayCases = [
    {
      name: 'a live copy sent to two links before the answer',
      logging: 'withChargerAnswer' as const,
      before: [['primary', 'p-1'], ['observer', 'o-1']],
      after: [],
      loggedWithAnswer: [true, true],
      relays: [{ upstream: 'primary', messageId: 'p-1' }, { upstream: 'observer', messageId: 'o-1' }],
    },
    {
      name: 'a live copy whose observer link opened after the charger was answered',
      logging: 'withChargerAnswer' as const,
      before: [['primary', 'p-1']],
      after: [['observer', 'o-1']],
      loggedWithAnswer: [true, false],
      relays: [{ upstream: 'primary', messageId: 'p-1' }],
    },
    {
      name: 'a catch-up replay',
      logging: 'ownFrames' as const,
      before: [['observer', 'o-7']],
      after: [],
      loggedWithAnswer: [false],
      relays: [],
    },
  ];

  it.each(relayCases)('given $name, when the charger is answered, then its answer lists only the copies sent before', ({ logging, before, after, loggedWithAnswer, relays }) => {
    const call = new OutgoingCall('Heartbeat', {}, logging);
    const logged = before.map(([upstream = '', id = '']) => call.sentOn(upstream, id));
    const listed = call.answerCharger();
    logged.push(...after.map(([upstream = '', id = '']) => call.sentOn(upstream, id)));
    expect(logged).toEqual(loggedWithAnswer);
    expect(listed).toEqual(relays);
  });

  const frameOf = (upstream: string, text: string): UpstreamFrame => ({
    upstream,
    at: 1,
    frame: { direction: 'out', text, messageType: 'call', messageId: null, action: 'Heartbeat', relayedFor: null },
  });
  const deliveryCases: ReadonlyArray<[string, 'written' | 'lost', readonly string[], readonly boolean[]]> = [
    ['the answer frame was written', 'written', [], [true, true, true]],
    ['the socket closed before the answer', 'lost', ['copy to primary', 'copy to observer'], [true, true, false]],
  ];
  it.each(deliveryCases)("given %s (%s), then the copies' frames kept until then are recorded only if it was lost, and so are later ones", (_, outcome, recordedAtOutcome, covered) => {
    const call = new OutgoingCall('Heartbeat', {}, 'withChargerAnswer');
    const seen = [call.coversFrame(frameOf('primary', 'copy to primary')), call.coversFrame(frameOf('observer', 'copy to observer'))];
    call.answerCharger();
    const recorded = outcome === 'written' ? (call.answerWritten(), []) : call.answerLost();
    seen.push(call.coversFrame(frameOf('observer', 'late answer')));
    expect(recorded.map((kept) => kept.frame.text)).toEqual(recordedAtOutcome);
    expect(seen).toEqual(covered);
  });
});
