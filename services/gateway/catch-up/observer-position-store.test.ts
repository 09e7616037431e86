import { describe, expect, it } from 'vitest';
import type { MirrorState } from './mirror-state.ts';
import { positionFromWire, positionToWire } from './observer-position-store.ts';

const behind: Extract<MirrorState, { kind: 'behind' }> = { kind: 'behind', from: { messageId: 'm1', receivedAt: 1_001 }, latest: { messageId: 'm4', receivedAt: 1_004 }, missed: 4 };

describe('observer positions on the wire', () => {
  it('given a live observer then nothing is kept (a tombstone)', () => {
    expect(positionToWire('CP-1', 'next', { kind: 'live', lastOffered: null, unanswered: [] })).toBeNull();
  });

  it('given an observer behind then it comes back behind, from the same call', () => {
    const wire = positionToWire('CP-1', 'next', behind);
    expect(wire).toEqual({ charger_id: 'CP-1', observer: 'next', from_message_id: 'm1', from_received_at: 1_001, latest_message_id: 'm4', latest_received_at: 1_004, missed: 4 });
    expect(wire === null ? null : positionFromWire(wire)).toEqual({ chargerId: 'CP-1', observer: 'next', state: behind });
  });

  it('given a catch-up in progress then it comes back behind, to start again', () => {
    const wire = positionToWire('CP-1', 'next', { ...behind, kind: 'catchingUp' });
    expect(wire === null ? null : positionFromWire(wire).state).toEqual(behind);
  });
});
