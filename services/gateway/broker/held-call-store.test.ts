import { describe, expect, it } from 'vitest';
import type { HeldCall } from '../../core/events/generated-types.ts';
import { heldCallChangeOf, heldCallFromWire, heldCallKeyOf, heldCallToWire } from './held-call-store.ts';

const status = { messageId: '19223230', receivedAt: 1_700_000_030_000, action: 'StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Charging' } };

describe('held calls on the wire', () => {
  it('given a held call when written and read back then it is the same call of the same charger', () => {
    expect(heldCallFromWire(heldCallToWire('CP-0042', status))).toEqual({ kind: 'held', chargerId: 'CP-0042', call: status });
  });

  it('given a tombstone when read then it names the forwarded call by its key, even a message id holding slashes', () => {
    const call = { ...status, messageId: 'a/b/c' };
    expect(heldCallChangeOf(heldCallKeyOf('CP-0042', call), null)).toEqual({ kind: 'forwarded', chargerId: 'CP-0042', call: { receivedAt: call.receivedAt, messageId: 'a/b/c' } });
  });

  it('given two calls with one message id at different times then their keys differ', () => {
    expect(heldCallKeyOf('CP-0042', status)).not.toBe(heldCallKeyOf('CP-0042', { ...status, receivedAt: status.receivedAt + 1 }));
  });

  const unreadable: readonly { readonly name: string; readonly payload_json: string }[] = [
    { name: 'text that is not JSON', payload_json: '{"connectorId":' },
    { name: 'a JSON array', payload_json: '[1,2]' },
    { name: 'a JSON string', payload_json: '"Charging"' },
  ];

  it.each(unreadable)('given a stored payload that is $name when read then there is no call to forward', ({ payload_json }) => {
    const wire: HeldCall = { ...heldCallToWire('CP-0042', status), payload_json };
    expect(heldCallFromWire(wire)).toBeNull();
  });
});
