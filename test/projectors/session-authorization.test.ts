import { describe, expect, it } from 'vitest';
import { cdrsProjection } from '../../services/projectors/cdrs/cdrs-projection.ts';
import { sessionsProjection } from '../../services/projectors/sessions/sessions-projection.ts';
import { remoteStartWindowMs } from '../../services/projectors/tracking/session-authorization.ts';
import type { TrackerInput } from '../../services/projectors/tracking/session-tracker.ts';
import { ChargerScript, depotTariff, locationRecord } from './support/charger-script.ts';
import { charger, depotReference, run, settings } from './support/projection-run.ts';

/**
 * Given what the charger's events say about a session's token (the edge's decisions, remote start commands
 * and their answers, the charger's own remote start claims), when the projections evolve over them, then
 * the Session and its CDR carry the OCPI auth_method and the eMSP's authorization_reference.
 */

const t0 = Date.parse('2024-01-15T10:00:00Z');
const minutes = (count: number): number => t0 + count * 60_000;

const remoteStart16 = (script: ChargerScript, at: number, request: Record<string, unknown>, commandId = 'CMD-1'): TrackerInput[] => [
  charger(script.commandSent({ at, commandId, action: 'RemoteStartTransaction', request })),
  charger(script.commandAnswered({ at: at + 500, commandId, action: 'RemoteStartTransaction', outcome: 'ACCEPTED' })),
];

const start = (script: ChargerScript, options: { readonly at?: number; readonly token?: string; readonly transactionId?: string; readonly evseId?: number } = {}): TrackerInput =>
  charger(script.started({ transactionId: options.transactionId ?? '1', at: options.at ?? minutes(1), token: options.token ?? 'TAG-1', meterStartWh: 0, ...(options.evseId === undefined ? {} : { evseId: options.evseId }) }));

interface Row {
  readonly given: string;
  readonly inputs: (script: ChargerScript) => readonly TrackerInput[];
  readonly then: { readonly auth_method: string; readonly authorization_reference?: string };
}

const rows: readonly Row[] = [
  {
    given: 'the list accepted the token alone',
    inputs: (script) => [charger(script.authorized({ at: minutes(1), token: 'TAG-1', decidedBy: 'local' })), start(script)],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: 'the eMSP was asked in real time and gave a reference',
    inputs: (script) => [charger(script.authorized({ at: minutes(1), token: 'TAG-1', decidedBy: 'emsp', reference: 'RT-1' })), start(script)],
    then: { auth_method: 'AUTH_REQUEST', authorization_reference: 'RT-1' },
  },
  {
    given: 'the eMSP did not answer and the list fallback accepted',
    inputs: (script) => [charger(script.authorized({ at: minutes(1), token: 'TAG-1', decidedBy: 'emsp_unreachable' })), start(script)],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: 'no decision was recorded for the token',
    inputs: (script) => [start(script)],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: 'only another token was asked about',
    inputs: (script) => [charger(script.authorized({ at: minutes(1), token: 'TAG-2', decidedBy: 'emsp', reference: 'RT-2' })), start(script)],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: 'Authorize and StartTransaction were both answered by the eMSP: the last reference',
    inputs: (script) => [
      charger(script.authorized({ at: minutes(0), token: 'TAG-1', decidedBy: 'emsp', reference: 'RT-OLD' })),
      charger(script.authorized({ at: minutes(1), token: 'TAG-1', decidedBy: 'emsp', reference: 'RT-NEW' })),
      start(script),
    ],
    then: { auth_method: 'AUTH_REQUEST', authorization_reference: 'RT-NEW' },
  },
  {
    given: '1.6: a START_SESSION (RemoteStartTransaction) for the tag and connector, its grant answering the charger',
    inputs: (script) => [
      ...remoteStart16(script, t0, { connectorId: 1, idTag: 'TAG-1' }),
      charger(script.authorized({ at: minutes(1), token: 'TAG-1', decidedBy: 'emsp', reference: 'CMD-REF' })),
      start(script),
    ],
    then: { auth_method: 'COMMAND', authorization_reference: 'CMD-REF' },
  },
  {
    given: '1.6: a remote start that names no connector',
    inputs: (script) => [...remoteStart16(script, t0, { idTag: 'TAG-1' }), start(script)],
    then: { auth_method: 'COMMAND' },
  },
  {
    given: '1.6: a remote start the charger refused, then the tag swiped',
    inputs: (script) => [
      charger(script.commandSent({ at: t0, commandId: 'CMD-1', action: 'RemoteStartTransaction', request: { connectorId: 1, idTag: 'TAG-1' } })),
      charger(script.commandAnswered({ at: t0 + 500, commandId: 'CMD-1', action: 'RemoteStartTransaction', outcome: 'REJECTED' })),
      start(script),
    ],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: '1.6: a remote start for another connector',
    inputs: (script) => [...remoteStart16(script, t0, { connectorId: 2, idTag: 'TAG-1' }), start(script)],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: '1.6: a remote start for another tag',
    inputs: (script) => [...remoteStart16(script, t0, { connectorId: 1, idTag: 'TAG-2' }), start(script)],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: '1.6: a remote start older than the command window',
    inputs: (script) => [...remoteStart16(script, t0, { connectorId: 1, idTag: 'TAG-1' }), start(script, { at: t0 + remoteStartWindowMs + 60_000 })],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: '1.6: a remote start starts one session only; the next swipe of the tag is the list\'s',
    inputs: (script) => [
      ...remoteStart16(script, t0, { connectorId: 1, idTag: 'TAG-1' }),
      start(script),
      charger(script.ended({ transactionId: '1', at: minutes(5), meterStopWh: 100 })),
      start(script, { at: minutes(6), transactionId: '2' }),
    ],
    then: { auth_method: 'WHITELIST' },
  },
  {
    given: '2.0.1: the charger reports a remoteStartId no command we saw carried',
    inputs: (script) => [charger(script.started({ transactionId: 'tx-1', at: minutes(1), token: 'APP-1', tokenType: 'Central', remoteStartId: 42 }))],
    then: { auth_method: 'COMMAND' },
  },
  {
    given: '2.0.1: RequestStartTransaction and a start with its remoteStartId, the grant\'s reference',
    inputs: (script) => [
      charger(script.commandSent({ at: t0, commandId: 'CMD-7', action: 'RequestStartTransaction', request: { evseId: 1, remoteStartId: 7, idToken: { idToken: 'APP-1', type: 'Central' } } })),
      charger(script.commandAnswered({ at: t0 + 500, commandId: 'CMD-7', action: 'RequestStartTransaction', outcome: 'ACCEPTED' })),
      charger(script.authorized({ at: minutes(1), token: 'APP-1', tokenType: 'Central', decidedBy: 'emsp', reference: 'CMD-REF-7' })),
      charger(script.started({ transactionId: 'tx-1', at: minutes(1), token: 'APP-1', tokenType: 'Central', remoteStartId: 7 })),
    ],
    then: { auth_method: 'COMMAND', authorization_reference: 'CMD-REF-7' },
  },
  {
    given: '2.0.1: triggerReason RemoteStart without a remoteStartId',
    inputs: (script) => [charger(script.started({ transactionId: 'tx-1', at: minutes(1), token: 'APP-1', tokenType: 'Central', triggerReason: 'RemoteStart' }))],
    then: { auth_method: 'COMMAND' },
  },
  {
    given: '2.0.1: started at plug-in, then a RequestStartTransaction gives the token',
    inputs: (script) => [
      charger(script.started({ transactionId: 'tx-1', at: t0, token: null, chargingState: 'EVConnected' })),
      charger(script.commandSent({ at: minutes(1), commandId: 'CMD-8', action: 'RequestStartTransaction', request: { evseId: 1, remoteStartId: 8, idToken: { idToken: 'TAG-1', type: 'ISO14443' } } })),
      charger(script.updated({ transactionId: 'tx-1', at: minutes(2), token: 'TAG-1', chargingState: 'Charging', triggerReason: 'RemoteStart' })),
    ],
    then: { auth_method: 'COMMAND' },
  },
  {
    given: '2.0.1: started at plug-in, then the eMSP authorizes the card in real time',
    inputs: (script) => [
      charger(script.started({ transactionId: 'tx-1', at: t0, token: null, chargingState: 'EVConnected' })),
      charger(script.authorized({ at: minutes(1), token: 'TAG-1', tokenType: 'ISO14443', decidedBy: 'emsp', reference: 'RT-9' })),
      charger(script.updated({ transactionId: 'tx-1', at: minutes(1), token: 'TAG-1', chargingState: 'Charging', triggerReason: 'Authorized' })),
    ],
    then: { auth_method: 'AUTH_REQUEST', authorization_reference: 'RT-9' },
  },
];

const sessionObjects = (inputs: readonly TrackerInput[]) =>
  run(sessionsProjection(settings), inputs).outputs.map((output) => JSON.parse(output.value.payload.object_json) as Record<string, unknown>);

describe('how a session was authorized', () => {
  it.each(rows)('given $given', ({ inputs, then }) => {
    const given = [...depotReference, ...inputs(new ChargerScript('CP-1'))];
    const result = run(sessionsProjection(settings), given);
    expect(result.rejected).toEqual([]);
    const last = result.outputs.at(-1)?.value.payload;
    expect(last?.auth_method).toBe(then.auth_method);
    const object = JSON.parse(last?.object_json ?? '{}') as Record<string, unknown>;
    expect({ auth_method: object['auth_method'], authorization_reference: object['authorization_reference'] }).toEqual({
      auth_method: then.auth_method,
      authorization_reference: then.authorization_reference,
    });
  });

  it('the CDR says what the Session says', () => {
    const script = new ChargerScript('CP-1');
    const given = [
      ...depotReference,
      ...remoteStart16(script, t0, { connectorId: 1, idTag: 'TAG-1' }),
      charger(script.authorized({ at: minutes(1), token: 'TAG-1', decidedBy: 'emsp', reference: 'CMD-REF' })),
      start(script),
      charger(script.ended({ transactionId: '1', at: minutes(30), meterStopWh: 5000 })),
    ];
    const [cdr] = run(cdrsProjection(settings), given).outputs;
    expect(cdr?.value.payload.auth_method).toBe('COMMAND');
    expect(JSON.parse(cdr?.value.payload.object_json ?? '{}')).toMatchObject({ auth_method: 'COMMAND', authorization_reference: 'CMD-REF' });
    expect(sessionObjects(given).map((session) => session['authorization_reference'])).toEqual(['CMD-REF', 'CMD-REF']);
  });

  it('a duplicate of the remote start changes nothing', () => {
    const script = new ChargerScript('CP-1');
    const commands = remoteStart16(script, t0, { connectorId: 1, idTag: 'TAG-1' });
    const given = [...depotReference, ...commands, ...commands, start(script)];
    expect(sessionObjects(given).at(-1)).toMatchObject({ auth_method: 'COMMAND' });
  });
});

describe('the EVSE in a CDR', () => {
  const completed = (script: ChargerScript): TrackerInput[] => [start(script), charger(script.ended({ transactionId: '1', at: minutes(30), meterStopWh: 5000 }))];

  it('given the Location\'s EVSE has an eMI3 evse_id: cdr_location names it, and the uid', () => {
    const [cdr] = run(cdrsProjection(settings), [...depotReference, ...completed(new ChargerScript('CP-1'))]).outputs;
    expect(JSON.parse(cdr?.value.payload.object_json ?? '{}')).toMatchObject({ cdr_location: { evse_uid: 'CP-1-1', evse_id: 'NL*SWY*ECP11' } });
    expect(cdr?.flags).toEqual([]);
  });

  it('given the Location\'s EVSE has none: #NA (OCPI "no data available"), flagged', () => {
    const reference: TrackerInput[] = [
      { kind: 'tariff', key: 'NL/SWY/AC-STANDARD', record: depotTariff },
      { kind: 'location', key: 'NL/SWY/LOC-1', record: locationRecord({ id: 'LOC-1', evseUids: ['CP-1-1'], tariffIds: ['AC-STANDARD'], timeZone: 'UTC', eMI3Ids: false }) },
    ];
    const [cdr] = run(cdrsProjection(settings), [...reference, ...completed(new ChargerScript('CP-1'))]).outputs;
    expect(JSON.parse(cdr?.value.payload.object_json ?? '{}')).toMatchObject({ cdr_location: { evse_uid: 'CP-1-1', evse_id: '#NA' } });
    expect(cdr?.value.payload.evse_uid).toBe('CP-1-1');
    expect(cdr?.flags).toEqual(['EVSE CP-1-1 of location LOC-1 has no evse_id: CDRs say #NA']);
  });

  it('given no Location names the EVSE: #NA too', () => {
    const [cdr] = run(cdrsProjection(settings), completed(new ChargerScript('CP-1'))).outputs;
    expect(JSON.parse(cdr?.value.payload.object_json ?? '{}')).toMatchObject({ cdr_location: { evse_uid: 'CP-1-1', evse_id: '#NA' } });
  });
});
