/** The example analyst queries of infra/clickhouse/README.md; test/history/seed-history.ts prints their output. */
export const analystQueries: readonly { readonly title: string; readonly sql: string }[] = [
  {
    title: 'Connectivity uptime per charger for the seeded week, worst first',
    sql: `
SELECT charger_id, round(connected_ms / 3600000, 1) AS connected_hours, uptime_pct
FROM kpi_charger_uptime(from = '2026-11-16 00:00:00', to = '2026-11-23 00:00:00')
ORDER BY uptime_pct, charger_id
LIMIT 5`,
  },
  {
    title: 'Utilization: the busiest ports of one day',
    sql: `
SELECT charger_id, evse_id, sessions, energy_kwh, plugged_hours, occupancy_pct
FROM kpi_port_utilization_daily
WHERE day = '2026-11-18'
ORDER BY occupancy_pct DESC, charger_id, evse_id
LIMIT 5`,
  },
  {
    title: 'Energy per port over the week, top 5',
    sql: `
SELECT charger_id, evse_id, sessions, energy_kwh
FROM kpi_port_energy
ORDER BY energy_kwh DESC, charger_id, evse_id
LIMIT 5`,
  },
  {
    title: 'Fleet fault KPIs: mean time to detect and to repair, remote resolution rate',
    sql: `
SELECT
    count() AS episodes,
    countIf(cleared_at IS NOT NULL) AS cleared,
    round(avg(detect_s), 1) AS mttd_s,
    round(avgIf(repair_s, cleared_at IS NOT NULL) / 60, 1) AS mttr_min,
    round(100 * countIf(remotely_resolved AND cleared_at IS NOT NULL) / countIf(cleared_at IS NOT NULL), 1) AS remote_resolution_pct
FROM kpi_fault_episodes`,
  },
  {
    title: 'Repair time: remote fixes against site visits',
    sql: `
SELECT remotely_resolved, count() AS episodes, round(avg(repair_s) / 60, 1) AS mean_repair_min, round(max(repair_s) / 60, 1) AS worst_repair_min
FROM kpi_fault_episodes
WHERE cleared_at IS NOT NULL
GROUP BY remotely_resolved
ORDER BY remotely_resolved`,
  },
  {
    title: 'Failed authorizations per status over the week',
    sql: `
SELECT status, sum(failures) AS failures, uniqExact(charger_id) AS chargers
FROM kpi_failed_authorizations_daily
GROUP BY status
ORDER BY failures DESC, status`,
  },
  {
    title: 'Firmware spread',
    sql: `
SELECT vendor, model, firmware_version, chargers
FROM kpi_firmware_spread
ORDER BY vendor, model, firmware_version`,
  },
  {
    title: 'Raw frames: MeterValues per charger and day (frame quality view)',
    sql: `
SELECT charger_id, day, frames, invalid_frames, invalid_pct
FROM kpi_frame_quality_daily
WHERE day = '2026-11-18'
ORDER BY frames DESC, charger_id
LIMIT 3`,
  },
  {
    title: 'Ad hoc on connection_events: connections per charger and how long they lasted',
    sql: `
SELECT charger_id, count() AS disconnects, round(avg(connected_ms) / 3600000, 1) AS mean_connected_hours, min(recorded_at) AS first_disconnect
FROM connection_events FINAL
WHERE type = 'ChargerDisconnected'
GROUP BY charger_id
ORDER BY disconnects DESC, charger_id
LIMIT 3`,
  },
  {
    title: 'Revenue per port over the week, top 5 (CDRs, credits netted)',
    sql: `
SELECT location_id, evse_uid, billed_sessions, credits, energy_kwh, revenue_excl_vat, revenue_incl_vat, revenue_per_kwh_excl_vat
FROM kpi_port_revenue
WHERE currency = 'EUR'
ORDER BY revenue_excl_vat DESC, evse_uid
LIMIT 5`,
  },
  {
    title: 'Revenue per site and day',
    sql: `
SELECT day, location_id, sum(billed_sessions) AS sessions, round(sum(energy_kwh), 1) AS energy_kwh, round(sum(revenue_excl_vat), 2) AS revenue_excl_vat
FROM kpi_port_revenue_daily
WHERE day BETWEEN '2026-11-18' AND '2026-11-19'
GROUP BY day, location_id
ORDER BY day, location_id`,
  },
  {
    title: 'CDR delivery per eMSP: pushes, refusals, timeouts',
    sql: `
SELECT
    concat(country_code, '/', party_id) AS emsp,
    uniqExact(JSONExtractString(request_body, 'id')) AS cdrs,
    count() AS pushes,
    countIf(ocpi_status_code = 1000) AS accepted,
    countIf(ocpi_status_code != 1000) AS refused,
    countIf(http_status IS NULL) AS no_answer,
    round(quantile(0.95)(duration_ms)) AS p95_ms
FROM ocpi_exchanges FINAL
WHERE module = 'cdrs' AND direction = 'OUTBOUND'
GROUP BY emsp
ORDER BY emsp`,
  },
  {
    title: 'Dispute: every push of the CDRs an eMSP first refused, and what it answered',
    sql: `
SELECT
    JSONExtractString(request_body, 'id') AS cdr_id,
    started_at,
    http_status,
    ocpi_status_code,
    ifNull(JSONExtractString(response_body, 'status_message'), error) AS answer
FROM ocpi_exchanges FINAL
WHERE module = 'cdrs' AND country_code = 'DE' AND party_id = 'EMS'
  AND JSONExtractString(request_body, 'id') IN (
      SELECT JSONExtractString(request_body, 'id') FROM ocpi_exchanges FINAL
      WHERE module = 'cdrs' AND country_code = 'DE' AND party_id = 'EMS' AND ifNull(ocpi_status_code, 0) != 1000)
ORDER BY started_at
LIMIT 6`,
  },
];
