import { afterEach, describe, expect, it } from 'vitest';
import { applySwitchyardMigrations, openTestClickHouse, type TestClickHouse } from '../support/clickhouse.ts';
import { insertOcppEvents, type OcppEventRow } from './support/ocpp-event-sql.ts';

let target: TestClickHouse | undefined;

afterEach(async () => {
  await target?.close();
  target = undefined;
});

const event = (id: string, type: string, at: string, payload: object): OcppEventRow => ({ id, type, chargerId: 'CP-1', at, payload });

describe('migration 0011: ocpp_events ordered by event type', () => {
  it('keeps every event archived before it, and the KPI views read them as before', async () => {
    target = await openTestClickHouse();
    const { clickhouse } = target;
    await applySwitchyardMigrations(clickhouse, 10);
    const startedAt = Date.parse('2026-11-20T08:00:00.000Z');
    const values = [
      event('e-1', 'TransactionStarted', '2026-11-20 08:00:00.000', { transaction_id: '1', evse_id: 1, id_token: { value: 'TOKEN-1', type: 'ISO14443' }, started_at: startedAt, meter_start_wh: 1_000 }),
      event('e-2', 'MeterValuesSampled', '2026-11-20 08:30:00.000', { transaction_id: '1', evse_id: 1, samples: [] }),
      event('e-3', 'TransactionEnded', '2026-11-20 09:00:00.000', { transaction_id: '1', stopped_at: startedAt + 3_600_000, stop_reason: 'Local', meter_stop_wh: 12_500 }),
    ];
    await insertOcppEvents(clickhouse, values);

    await applySwitchyardMigrations(clickhouse, 11);

    expect(await clickhouse.query(`SELECT sorting_key FROM system.tables WHERE database = currentDatabase() AND name = 'ocpp_events'`)).toEqual([
      { sorting_key: 'type, charger_id, recorded_at, event_id' },
    ]);
    expect(await clickhouse.query('SELECT event_id, type, connection_id FROM ocpp_events FINAL ORDER BY event_id')).toEqual([
      { event_id: 'e-1', type: 'TransactionStarted', connection_id: 'conn-1' },
      { event_id: 'e-2', type: 'MeterValuesSampled', connection_id: 'conn-1' },
      { event_id: 'e-3', type: 'TransactionEnded', connection_id: 'conn-1' },
    ]);
    expect(await clickhouse.query('SELECT transaction_id, energy_wh FROM kpi_sessions')).toEqual([{ transaction_id: '1', energy_wh: 11_500 }]);
    expect(await clickhouse.query(`SELECT comment FROM system.columns WHERE database = currentDatabase() AND table = 'ocpp_events' AND name = 'recorded_at'`)).toEqual([
      { comment: 'When Switchyard recorded it' },
    ]);
  });
});
