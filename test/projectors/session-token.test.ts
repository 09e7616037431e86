import { describe, expect, it } from 'vitest';
import type { CdrToken } from '../../services/core/events/generated-types.ts';
import { cdrsProjection } from '../../services/projectors/cdrs/cdrs-projection.ts';
import { sessionsProjection } from '../../services/projectors/sessions/sessions-projection.ts';
import type { TrackerInput } from '../../services/projectors/tracking/session-tracker.ts';
import type { OcpiToken } from '../../services/roaming/ocpi/token-object.ts';
import { ChargerScript, tokenRecord } from './support/charger-script.ts';
import { charger, depotReference, run, settings } from './support/projection-run.ts';

/**
 * Given eMSP tokens on switchyard.tokens and a charging session, when the projections evolve over them,
 * then the Session and the CDR name in cdr_token the eMSP whose token the edge matched (so that eMSP,
 * and only it, sees them), and keep the token they started with.
 */

const t0 = Date.parse('2024-01-15T10:00:00Z');
const minutes = (count: number): number => t0 + count * 60_000;

const emsp = (partyId: string, uid: string, overrides: Partial<OcpiToken> = {}): TrackerInput => {
  const record = tokenRecord({ country_code: 'DE', party_id: partyId, uid, ...overrides });
  return { kind: 'token', key: record.envelope.key, record };
};
const tombstone = (key: string): TrackerInput => ({ kind: 'token', key, record: null });
/** A token as versions before the type was part of the key wrote it: country_code/party_id/uid. */
const legacyEmsp = (partyId: string, uid: string, overrides: Partial<OcpiToken> = {}): TrackerInput => ({
  kind: 'token',
  key: `DE/${partyId}/${uid}`,
  record: tokenRecord({ country_code: 'DE', party_id: partyId, uid, ...overrides }),
});

function chargedSession(script: ChargerScript, options: { readonly token?: string; readonly tokenType?: string } = {}): TrackerInput[] {
  return [
    charger(script.started({ transactionId: '1', at: t0, meterStartWh: 1000, token: options.token ?? 'TAG-1', ...(options.tokenType === undefined ? {} : { tokenType: options.tokenType }) })),
    charger(script.meter({ transactionId: '1', at: minutes(30), energyWh: 6000 })),
  ];
}

const ended = (script: ChargerScript): TrackerInput => charger(script.ended({ transactionId: '1', at: minutes(60), meterStopWh: 6000 }));

const ownTag: CdrToken = { country_code: 'NL', party_id: 'SWY', uid: 'TAG-1', type: 'RFID', contract_id: 'TAG-1' };
const emspTag = (partyId: string, overrides: Partial<CdrToken> = {}): CdrToken => ({
  country_code: 'DE',
  party_id: partyId,
  uid: 'TAG-1',
  type: 'RFID',
  contract_id: `DE-${partyId}-CTAG1`,
  ...overrides,
});

const rows: readonly { readonly given: string; readonly inputs: (script: ChargerScript) => readonly TrackerInput[]; readonly then: CdrToken }[] = [
  { given: 'no token list knows the tag', inputs: (script) => [...chargedSession(script), ended(script)], then: ownTag },
  {
    given: "an eMSP's token with the tag's uid",
    inputs: (script) => [emsp('EMS', 'TAG-1'), ...chargedSession(script), ended(script)],
    then: emspTag('EMS'),
  },
  {
    given: 'an APP_USER token: its type and contract id',
    inputs: (script) => [emsp('EMS', 'TAG-1', { type: 'APP_USER', contract_id: 'DE-EMS-C12345678-X' }), ...chargedSession(script), ended(script)],
    then: emspTag('EMS', { type: 'APP_USER', contract_id: 'DE-EMS-C12345678-X' }),
  },
  {
    given: 'a 2.0.1 eMAID: matched by contract id, named by the token uid',
    inputs: (script) => [
      emsp('EMS', 'APP-77', { type: 'APP_USER', contract_id: 'DE-EMS-C00000077-1' }),
      ...chargedSession(script, { token: 'DE-EMS-C00000077-1', tokenType: 'eMAID' }),
      ended(script),
    ],
    then: emspTag('EMS', { uid: 'APP-77', type: 'APP_USER', contract_id: 'DE-EMS-C00000077-1' }),
  },
  {
    given: 'two eMSPs share the uid: the first in party order',
    inputs: (script) => [emsp('ZZZ', 'TAG-1'), emsp('AAA', 'TAG-1'), ...chargedSession(script), ended(script)],
    then: emspTag('AAA'),
  },
  {
    given: 'two eMSPs share the uid: the valid ALWAYS token the edge accepted without asking beats an earlier blocked one',
    inputs: (script) => [emsp('AAA', 'TAG-1', { valid: false }), emsp('ZZZ', 'TAG-1'), ...chargedSession(script), ended(script)],
    then: emspTag('ZZZ'),
  },
  {
    given: 'two eMSPs share the uid, neither accepted by the list alone: the one the edge asked',
    inputs: (script) => [emsp('AAA', 'TAG-1', { valid: false }), emsp('ZZZ', 'TAG-1', { whitelist: 'ALLOWED' }), ...chargedSession(script), ended(script)],
    then: emspTag('ZZZ'),
  },
  {
    given: "one eMSP's RFID card and app user share the uid: the card",
    inputs: (script) => [emsp('EMS', 'TAG-1', { type: 'APP_USER', contract_id: 'DE-EMS-CAPP' }), emsp('EMS', 'TAG-1'), ...chargedSession(script), ended(script)],
    then: emspTag('EMS'),
  },
  {
    given: "one eMSP's RFID card and app user share the uid, the card is deleted: the app user",
    inputs: (script) => [emsp('EMS', 'TAG-1', { type: 'APP_USER', contract_id: 'DE-EMS-CAPP' }), emsp('EMS', 'TAG-1'), tombstone('DE/EMS/TAG-1/RFID'), ...chargedSession(script), ended(script)],
    then: emspTag('EMS', { type: 'APP_USER', contract_id: 'DE-EMS-CAPP' }),
  },
  {
    given: 'a token keyed without its type (an older version wrote it)',
    inputs: (script) => [legacyEmsp('EMS', 'TAG-1'), ...chargedSession(script), ended(script)],
    then: emspTag('EMS'),
  },
  {
    given: 'a token keyed without its type, rewritten under its own key before the old key is tombstoned: the rewrite',
    inputs: (script) => [legacyEmsp('EMS', 'TAG-1', { contract_id: 'DE-EMS-COLD' }), emsp('EMS', 'TAG-1'), ...chargedSession(script), tombstone('DE/EMS/TAG-1'), ended(script)],
    then: emspTag('EMS'),
  },
  {
    given: 'the token was deleted before the session',
    inputs: (script) => [emsp('EMS', 'TAG-1'), tombstone('DE/EMS/TAG-1/RFID'), ...chargedSession(script), ended(script)],
    then: ownTag,
  },
  {
    given: 'the token is published while the session runs: the session keeps the token it started with',
    inputs: (script) => [...chargedSession(script), emsp('EMS', 'TAG-1'), ended(script)],
    then: ownTag,
  },
  {
    given: 'the token changes while the session runs: the session keeps the token it started with',
    inputs: (script) => [emsp('EMS', 'TAG-1'), ...chargedSession(script), emsp('EMS', 'TAG-1', { contract_id: 'DE-EMS-CNEW' }), tombstone('DE/EMS/TAG-1/RFID'), ended(script)],
    then: emspTag('EMS'),
  },
  {
    given: 'a 2.0.1 session started at plug-in: the token is decided when it is authorized',
    inputs: (script) => [
      charger(script.started({ transactionId: '1', at: t0, token: null, chargingState: 'EVConnected', meterStartWh: 1000 })),
      emsp('EMS', 'TAG-1'),
      charger(script.updated({ transactionId: '1', at: minutes(1), token: 'TAG-1', chargingState: 'Charging', energyWh: 1000 })),
      ended(script),
    ],
    then: emspTag('EMS'),
  },
];

describe('the eMSP of a session token', () => {
  it.each(rows)('given $given', ({ inputs, then }) => {
    const given = [...depotReference, ...inputs(new ChargerScript('CP-1'))];
    const sessions = run(sessionsProjection(settings), given);
    const cdrs = run(cdrsProjection(settings), given);
    expect(sessions.rejected).toEqual([]);
    expect(cdrs.outputs).toHaveLength(1);
    const session = sessions.outputs.at(-1)?.value.payload;
    const cdr = cdrs.outputs[0]?.value.payload;
    expect(session?.cdr_token).toEqual(then);
    expect(JSON.parse(session?.object_json ?? '{}')).toMatchObject({ cdr_token: then });
    expect(cdr?.cdr_token).toEqual(then);
    expect(JSON.parse(cdr?.object_json ?? '{}')).toMatchObject({ cdr_token: then });
  });

  it('every Session of the session names the same token, whatever the tokens do meanwhile', () => {
    const script = new ChargerScript('CP-1');
    const given = [...depotReference, emsp('EMS', 'TAG-1'), ...chargedSession(script), emsp('AAA', 'TAG-1'), ended(script)];
    const sessions = run(sessionsProjection(settings), given);
    expect(new Set(sessions.outputs.map((output) => JSON.stringify(output.value.payload.cdr_token)))).toEqual(new Set([JSON.stringify(emspTag('EMS'))]));
  });
});
