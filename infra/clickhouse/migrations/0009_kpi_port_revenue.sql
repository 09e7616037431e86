-- Revenue per port from the CDRs (cdrs, read with FINAL so a redelivered CDR counts once). A port is the
-- OCPI (location_id, evse_uid, connector_id); evse_uid is '<charger id>-<OCPP evse id>', which ties it to
-- the (charger_id, evse_id) ports of the utilization views. Amounts stay per currency, never converted.
-- A credit CDR reverses the CDR it references: its negative total_cost cancels the revenue, and its
-- session and energy are taken off too, so a corrected session counts once, with its corrected values.
-- A CDR without VAT (total_cost_incl_vat NULL) counts at its amount excl. VAT in revenue_incl_vat.
-- Days are the UTC day the session ended (a credit CDR keeps the dates of the CDR it reverses).
CREATE VIEW IF NOT EXISTS kpi_port_revenue_daily AS
SELECT
    location_id,
    evse_uid,
    connector_id,
    currency,
    toDate(end_date_time) AS day,
    countIf(NOT credit) - countIf(credit) AS billed_sessions,
    countIf(credit) AS credits,
    round(sum(if(credit, -total_energy_kwh, total_energy_kwh)), 3) AS energy_kwh,
    round(sum(total_cost_excl_vat), 2) AS revenue_excl_vat,
    round(sum(ifNull(total_cost_incl_vat, total_cost_excl_vat)), 2) AS revenue_incl_vat
FROM cdrs FINAL
GROUP BY location_id, evse_uid, connector_id, currency, day;

-- Revenue per port over its whole history, with the average price per kWh it earned (excl. VAT).
CREATE VIEW IF NOT EXISTS kpi_port_revenue AS
SELECT
    location_id,
    evse_uid,
    connector_id,
    currency,
    countIf(NOT credit) - countIf(credit) AS billed_sessions,
    countIf(credit) AS credits,
    round(sum(if(credit, -total_energy_kwh, total_energy_kwh)), 3) AS energy_kwh,
    round(sum(total_cost_excl_vat), 2) AS revenue_excl_vat,
    round(sum(ifNull(total_cost_incl_vat, total_cost_excl_vat)), 2) AS revenue_incl_vat,
    round(sum(total_cost_excl_vat) / nullIf(sum(if(credit, -total_energy_kwh, total_energy_kwh)), 0), 4) AS revenue_per_kwh_excl_vat,
    toDate(min(end_date_time)) AS first_day,
    toDate(max(end_date_time)) AS last_day
FROM cdrs FINAL
GROUP BY location_id, evse_uid, connector_id, currency;
