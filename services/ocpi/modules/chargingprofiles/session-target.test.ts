import { describe, expect, it } from 'vitest';
import { evseUidOf } from '../../../projectors/tracking/evse-uid.ts';
import { locationKind } from '../../../roaming/ocpi/location-kind.ts';
import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import type { RunningSession } from '../commands/running-sessions.ts';
import { chargerProfileId, resolveSessionTarget, type SessionTargetContext } from './session-target.ts';

const connector = { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 400, max_amperage: 32 };

function location(id: string, evses: readonly { chargerId: string; evseId: number }[]): OcpiLocation {
  const accepted = locationKind.accept(
    {
      country_code: 'NL', party_id: 'SWY', id, publish: true, address: 'Havenstraat 7', city: 'Rotterdam', country: 'NLD',
      coordinates: { latitude: '51.91972', longitude: '4.47778' }, time_zone: 'Europe/Amsterdam',
      evses: evses.map((evse) => ({ uid: evseUidOf(evse.chargerId, evse.evseId), connectors: [connector], switchyard: { charger_id: evse.chargerId, evse_id: evse.evseId } })),
    },
    Date.parse('2026-11-21T10:00:00Z'),
  );
  if (!accepted.ok) throw new Error(accepted.problems.join('; '));
  return accepted.object;
}

const ours = { country_code: 'NL', party_id: 'SWY' };
const session = (tokenParty: string, evseUid = evseUidOf('CP-1', 2), chargerId = 'CP-1'): RunningSession => ({ chargerId, transactionId: '42', tokenParty, owner: ours, locationId: 'LOC-1', evseUid });
const sessions: Readonly<Record<string, RunningSession>> = {
  'S-OWN': session('DE/EMS'),
  'S-OTHER': session('FR/OTH'),
  'S-GONE-EVSE': session('DE/EMS', evseUidOf('CP-1', 9)),
  'S-MOVED': session('DE/EMS', evseUidOf('CP-1', 2), 'CP-9'),
};
const locations = [location('LOC-1', [{ chargerId: 'CP-1', evseId: 1 }, { chargerId: 'CP-1', evseId: 2 }])];

const context = (ourParties = ['NL/SWY']): SessionTargetContext => ({
  partnerParties: new Set(['DE/EMS']),
  ourParties: new Set(ourParties),
  sessionOf: (id) => sessions[id],
  locationOf: (owner, id) => locations.find((candidate) => candidate.id === id && owner === 'NL/SWY'),
});

describe('resolveSessionTarget', () => {
  it.each([
    { given: 'a running session of the eMSP\'s token', sessionId: 'S-OWN', parties: ['NL/SWY'], then: { ok: true, target: { chargerId: 'CP-1', evseId: 2, transactionId: '42', profileId: chargerProfileId('DE/EMS', 'S-OWN') } } },
    { given: 'a session nobody runs', sessionId: 'S-NONE', parties: ['NL/SWY'], then: { ok: false, result: 'UNKNOWN_SESSION' } },
    { given: 'a session of another eMSP\'s token', sessionId: 'S-OTHER', parties: ['NL/SWY'], then: { ok: false, result: 'UNKNOWN_SESSION' } },
    { given: 'a session of one of our parties the request is not addressed to', sessionId: 'S-OWN', parties: ['NL/ABC'], then: { ok: false, result: 'UNKNOWN_SESSION' } },
    { given: 'a session on an EVSE its Location no longer has', sessionId: 'S-GONE-EVSE', parties: ['NL/SWY'], then: { ok: false, result: 'REJECTED' } },
    { given: 'a session on a charger the EVSE no longer maps to', sessionId: 'S-MOVED', parties: ['NL/SWY'], then: { ok: false, result: 'REJECTED' } },
  ])('given $given', ({ sessionId, parties, then }) => {
    expect(resolveSessionTarget(sessionId, context(parties))).toMatchObject(then);
  });

  it('gives each party and session its own stable charger profile id', () => {
    expect(chargerProfileId('DE/EMS', 'S-1')).toBe(chargerProfileId('DE/EMS', 'S-1'));
    expect(chargerProfileId('DE/EMS', 'S-1')).not.toBe(chargerProfileId('FR/OTH', 'S-1'));
    expect(chargerProfileId('DE/EMS', 'S-1')).not.toBe(chargerProfileId('DE/EMS', 'S-2'));
    expect(chargerProfileId('DE/EMS', 'S-1')).toBeLessThan(2 ** 31);
  });
});
