import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySwitchyardMigrations, openTestClickHouse, type TestClickHouse } from '../support/clickhouse.ts';
import { insertOcppEvents, type OcppEventRow } from './support/ocpp-event-sql.ts';

const day = `from = '2026-11-20 00:00:00', to = '2026-11-21 00:00:00'`;

const location = (id: string, recordedAt: string, deleted: boolean, evses: readonly (readonly [string, number])[]): string => {
  const object = {
    id,
    name: `Depot ${id}`,
    evses: evses.map(([chargerId, evseId]) => ({ uid: `${chargerId}-${evseId}`, switchyard: { charger_id: chargerId, evse_id: evseId }, connectors: [] })),
  };
  return `('NL', 'SWY', '${id}', 'ev-${id}-${recordedAt}', ${deleted}, 'Depot ${id}', 'Utrecht', 'NLD', 'Europe/Amsterdam', true, NULL, '${recordedAt}', '${deleted ? '' : JSON.stringify(object)}')`;
};

const status = (chargerId: string, evseId: number, value: string, at: string): OcppEventRow => ({
  id: `st-${chargerId}-${evseId}-${at}`,
  type: 'ConnectorStatusChanged',
  chargerId,
  at,
  payload: { evse_id: evseId, status: value, error_code: null },
});

const connection = (type: 'ChargerConnected' | 'ChargerDisconnected', chargerId: string, connectionId: string, at: string): string =>
  `('cn-${connectionId}-${type}', '${type}', '${chargerId}', '${connectionId}', '${at}', '10.0.0.7:5000', 'ocpp1.6', 1, NULL, NULL, NULL, NULL, NULL, ['ocpp1.6'], NULL, NULL, NULL, NULL, 'edge-1')`;

/** A hand-checked day: what each port and charger did, and the sites the operator mapped them to. */
describe('site and port KPIs over a hand-checked day', () => {
  let target: TestClickHouse;
  const query = (sql: string) => target.clickhouse.query(sql);

  beforeAll(async () => {
    target = await openTestClickHouse();
    const { clickhouse } = target;
    await applySwitchyardMigrations(clickhouse);
    await clickhouse.command(`INSERT INTO locations VALUES ${[
      location('A', '2026-11-19 08:00:00.000', false, [['CP-1', 1]]),
      // The later version maps two more ports: it is the one that counts.
      location('A', '2026-11-19 12:00:00.000', false, [['CP-1', 1], ['CP-1', 2], ['CP-2', 1]]),
      location('B', '2026-11-19 08:00:00.000', false, [['CP-3', 1]]),
      location('B', '2026-11-19 09:00:00.000', true, []),
    ].join(', ')}`);
    await clickhouse.command(`INSERT INTO connection_events VALUES ${[
      connection('ChargerConnected', 'CP-1', 'c-1', '2026-11-20 00:00:00.000'),
      connection('ChargerDisconnected', 'CP-1', 'c-1', '2026-11-20 12:00:00.000'),
      // Still connected at the end of the day.
      connection('ChargerConnected', 'CP-2', 'c-2', '2026-11-20 06:00:00.000'),
      connection('ChargerConnected', 'CP-3', 'c-3', '2026-11-20 00:00:00.000'),
    ].join(', ')}`);
    await insertOcppEvents(clickhouse, [
      // In force when the day starts.
      status('CP-1', 1, 'AVAILABLE', '2026-11-19 22:00:00.000'),
      status('CP-1', 1, 'FAULTED', '2026-11-20 06:00:00.000'),
      status('CP-1', 1, 'AVAILABLE', '2026-11-20 12:00:00.000'),
      status('CP-1', 2, 'AVAILABLE', '2026-11-20 12:00:00.000'),
      status('CP-2', 1, 'UNAVAILABLE', '2026-11-20 18:00:00.000'),
      status('CP-2', 1, 'AVAILABLE', '2026-11-21 01:00:00.000'),
    ]);
  });

  afterAll(async () => {
    await target?.close();
  });

  it('charger_locations: the ports of the latest version of each location not deleted', async () => {
    expect(await query('SELECT location_id, evse_uid, charger_id, evse_id FROM charger_locations ORDER BY evse_uid')).toEqual([
      { location_id: 'A', evse_uid: 'CP-1-1', charger_id: 'CP-1', evse_id: 1 },
      { location_id: 'A', evse_uid: 'CP-1-2', charger_id: 'CP-1', evse_id: 2 },
      { location_id: 'A', evse_uid: 'CP-2-1', charger_id: 'CP-2', evse_id: 1 },
    ]);
  });

  it('port availability: down time is FAULTED or UNAVAILABLE, over the time a status was known', async () => {
    expect(await query(`SELECT charger_id, evse_id, known_ms, down_ms, availability_pct FROM kpi_port_availability(${day}) ORDER BY charger_id, evse_id`)).toEqual([
      // Known all day (AVAILABLE since the evening before); FAULTED 06:00-12:00.
      { charger_id: 'CP-1', evse_id: 1, known_ms: String(24 * 3_600_000), down_ms: String(6 * 3_600_000), availability_pct: 75 },
      // Known from its first status at 12:00.
      { charger_id: 'CP-1', evse_id: 2, known_ms: String(12 * 3_600_000), down_ms: '0', availability_pct: 100 },
      // UNAVAILABLE from 18:00 until after the day.
      { charger_id: 'CP-2', evse_id: 1, known_ms: String(6 * 3_600_000), down_ms: String(6 * 3_600_000), availability_pct: 0 },
    ]);
  });

  it('site uptime and availability: the chargers and ports the site maps', async () => {
    // CP-1 connected 00:00-12:00 (50 %), CP-2 from 06:00 on (75 %); the deleted site B is not there.
    expect(await query(`SELECT location_id, location_name, chargers, uptime_pct FROM kpi_site_uptime(${day})`)).toEqual([
      { location_id: 'A', location_name: 'Depot A', chargers: '2', uptime_pct: 62.5 },
    ]);
    // (42 h known - 12 h down) / 42 h.
    expect(await query(`SELECT location_id, ports, availability_pct FROM kpi_site_availability(${day})`)).toEqual([{ location_id: 'A', ports: '3', availability_pct: 71.43 }]);
  });
});
