import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { kpiScenario } from './support/kpi-scenario.ts';
import { openHistoryHarness, type HistoryHarness } from './support/history-harness.ts';

/**
 * The scenario (support/kpi-scenario.ts) goes through the bus and the history service, twice: every event
 * is delivered two times, as after a producer retry, and must still count once.
 */
describe('KPI views over a hand-checked day', () => {
  let harness: HistoryHarness;
  const query = (sql: string) => harness.clickhouse.query(sql);

  beforeAll(async () => {
    harness = await openHistoryHarness();
    const events = kpiScenario();
    await harness.appendEvents(events);
    await harness.appendEvents(events);
    await harness.waitUntilArchived(topics.ocppEvents);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('sessions: energy is meter stop minus start; a running session has none yet', async () => {
    expect(await query('SELECT charger_id, transaction_id, evse_id, energy_wh FROM kpi_sessions ORDER BY transaction_id')).toEqual([
      { charger_id: 'CP-1', transaction_id: '1', evse_id: 1, energy_wh: 10_000 }, // 11,000 - 1,000
      { charger_id: 'CP-1', transaction_id: '2', evse_id: 1, energy_wh: 7_500 }, // 18,500 - 11,000
      { charger_id: 'CP-1', transaction_id: '3', evse_id: 2, energy_wh: 22_000 },
      { charger_id: 'CP-2', transaction_id: '4', evse_id: 1, energy_wh: null },
    ]);
  });

  it('utilization per port and day: sessions, kWh and hours plugged in', async () => {
    expect(await query('SELECT * FROM kpi_port_utilization_daily ORDER BY charger_id, evse_id')).toEqual([
      // 08:10-08:50 and 10:10-11:00: 40 + 50 minutes
      { charger_id: 'CP-1', evse_id: 1, day: '2026-11-20', sessions: '2', energy_kwh: 17.5, plugged_hours: 1.5, occupancy_pct: 6.2 },
      { charger_id: 'CP-1', evse_id: 2, day: '2026-11-20', sessions: '1', energy_kwh: 22, plugged_hours: 1, occupancy_pct: 4.2 },
      // still running: counted up to midnight, 08:15-24:00
      { charger_id: 'CP-2', evse_id: 1, day: '2026-11-20', sessions: '1', energy_kwh: 0, plugged_hours: 15.75, occupancy_pct: 65.6 },
    ]);
  });

  it('energy per port', async () => {
    expect(await query('SELECT charger_id, evse_id, sessions, metered_sessions, energy_kwh FROM kpi_port_energy ORDER BY charger_id, evse_id')).toEqual([
      { charger_id: 'CP-1', evse_id: 1, sessions: '2', metered_sessions: '2', energy_kwh: 17.5 },
      { charger_id: 'CP-1', evse_id: 2, sessions: '1', metered_sessions: '1', energy_kwh: 22 },
      { charger_id: 'CP-2', evse_id: 1, sessions: '1', metered_sessions: '0', energy_kwh: 0 },
    ]);
  });

  it('fault episodes: repeated FAULTED is one episode; an accepted Reset before clearing is a remote fix', async () => {
    expect(await query('SELECT charger_id, evse_id, error_code, detect_s, repair_s, remotely_resolved FROM kpi_fault_episodes ORDER BY faulted_at')).toEqual([
      { charger_id: 'CP-1', evse_id: 1, error_code: 'GroundFailure', detect_s: 60, repair_s: 1800, remotely_resolved: 1 },
      // the rejected Reset at 10:30 does not count
      { charger_id: 'CP-2', evse_id: 1, error_code: 'PowerMeterFailure', detect_s: 120, repair_s: 3600, remotely_resolved: 0 },
      { charger_id: 'CP-1', evse_id: 2, error_code: 'OverCurrentFailure', detect_s: 0, repair_s: null, remotely_resolved: 0 },
    ]);
  });

  it('mean time to detect and repair, remote resolution rate', async () => {
    expect(await query('SELECT * FROM kpi_fault_summary ORDER BY charger_id')).toEqual([
      // detect (60 + 0) / 2; repair only over the cleared episode
      { charger_id: 'CP-1', episodes: '2', cleared: '1', mttd_s: 30, mttr_s: 1800, remotely_resolved: '1', remote_resolution_pct: 100 },
      { charger_id: 'CP-2', episodes: '1', cleared: '1', mttd_s: 120, mttr_s: 3600, remotely_resolved: '0', remote_resolution_pct: 0 },
    ]);
  });

  it('failed authorizations per charger, day and status', async () => {
    expect(await query('SELECT * FROM kpi_failed_authorizations_daily ORDER BY charger_id, status')).toEqual([
      { charger_id: 'CP-1', day: '2026-11-20', status: 'INVALID', failures: '1', distinct_tokens: '1' },
      { charger_id: 'CP-2', day: '2026-11-20', status: 'BLOCKED', failures: '1', distinct_tokens: '1' },
      { charger_id: 'CP-2', day: '2026-11-20', status: 'INVALID', failures: '1', distinct_tokens: '1' },
    ]);
  });

  it('firmware spread from each charger\'s latest boot', async () => {
    expect(await query('SELECT * FROM kpi_firmware_spread ORDER BY vendor, firmware_version')).toEqual([
      { vendor: 'ABB', model: 'Terra 54', firmware_version: '1.8.0', chargers: '1' },
      { vendor: 'Alpitronic', model: 'HYC300', firmware_version: '1.4.2', chargers: '1' }, // CP-2
      { vendor: 'Alpitronic', model: 'HYC300', firmware_version: '1.5.0', chargers: '1' }, // CP-1 after its upgrade
    ]);
  });

  it('connectivity uptime over a window, open connections clipped to it', async () => {
    const uptime = await query(
      `SELECT charger_id, connected_ms, uptime_pct
       FROM kpi_charger_uptime(from = '2026-11-20 08:00:00', to = '2026-11-20 12:00:00') ORDER BY charger_id`,
    );
    expect(uptime).toEqual([
      // 08:00-09:00 plus 10:00-12:00 (still connected) of 4 hours
      { charger_id: 'CP-1', connected_ms: String(3 * 3_600_000), uptime_pct: 75 },
      // 07:00-09:00, of which 08:00-09:00 is in the window
      { charger_id: 'CP-2', connected_ms: String(3_600_000), uptime_pct: 25 },
    ]);
  });
});
