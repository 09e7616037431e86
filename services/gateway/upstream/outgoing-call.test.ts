import { describe, expect, it } from 'vitest';
import { serializeCall } from '../../edge/protocol/serialize.ts';
import { OutgoingCall } from './outgoing-call.ts';

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
    expect(new OutgoingCall(action, payload).frameText(messageId)).toBe(serializeCall(messageId, action, payload));
  });

  it('given one call framed for two links, when the ids differ, then only the id differs', () => {
    const call = new OutgoingCall('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    expect(call.frameText('first')).toBe(serializeCall('first', call.action, call.payload));
    expect(call.frameText('second')).toBe(serializeCall('second', call.action, call.payload));
  });
});
