import { describe, expect, it } from 'vitest';
import { eventRows, eventTypeName } from '../../services/history/event-rows.ts';
import { booted, connected, disconnected, ocppEvent, rejected } from './support/ocpp-events.ts';

const at = Date.parse('2026-11-20T08:00:00.000Z');

describe('eventTypeName', () => {
  it.each([
    ['io.switchyard.ocpp.ChargerBooted', 'ChargerBooted'],
    ['io.switchyard.ocpp.CommandAnswered', 'CommandAnswered'],
    ['Bare', 'Bare'],
  ])('given branch %s, the type column is %s', (branch, type) => {
    expect(eventTypeName(branch)).toBe(type);
  });
});

describe('eventRows', () => {
  it('given a domain event, one ocpp_events row with the envelope flattened and the payload as JSON', () => {
    const event = booted({ charger: 'CP-1', at, occurredAt: at - 5, correlationId: 'corr-1' }, 'ABB', 'Terra 54', '1.8.0');

    const rows = eventRows(event);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.table).toBe('ocpp_events');
    expect(rows[0]?.values).toMatchObject({
      event_id: event.envelope.event_id,
      type: 'ChargerBooted',
      charger_id: 'CP-1',
      occurred_at: at - 5,
      recorded_at: at,
      connection_id: 'conn-CP-1',
      source_service: 'edge',
      source_instance: 'edge-1',
      correlation_id: 'corr-1',
      causation_id: null,
    });
    expect(JSON.parse(String(rows[0]?.values['payload']))).toMatchObject({ vendor: 'ABB', firmware_version: '1.8.0' });
  });

  it.each([
    ['ChargerConnected', connected({ charger: 'CP-1', at }, 'conn-a'), { connection_id: 'conn-a', protocol: 'ocpp1.6', security_profile: 1 }],
    [
      'ChargerDisconnected',
      disconnected({ charger: 'CP-1', at }, 'conn-a', 5_000),
      { connection_id: 'conn-a', close_code: 1006, closed_by: 'keepalive_timeout', connected_ms: 5_000, protocol: null },
    ],
    [
      'ConnectionRejected',
      rejected({ charger: 'CP-X', at }, 'bad_password'),
      { connection_id: null, http_status: 401, reason: 'bad_password', offered_subprotocols: ['ocpp1.6'] },
    ],
    [
      'ConnectionReplaced',
      ocppEvent('io.switchyard.ocpp.ConnectionReplaced', { charger: 'CP-1', at }, {
        replaced_connection_id: 'conn-old',
        new_connection_id: 'conn-new',
        remote_address: '10.0.0.8:1',
      }),
      { connection_id: 'conn-new', replaced_connection_id: 'conn-old', remote_address: '10.0.0.8:1' },
    ],
  ])('given %s, also a connection_events row with its payload as columns', (type, event, columns) => {
    const rows = eventRows(event);

    expect(rows.map((row) => row.table)).toEqual(['ocpp_events', 'connection_events']);
    expect(rows[1]?.values).toMatchObject({ event_id: event.envelope.event_id, type, charger_id: event.envelope.key, recorded_at: at, ...columns });
  });
});
