-- Operator KPI views over the archived domain events (ocpp_events, connection_events). Plain views: they
-- are computed at query time, so they are always exact and need no backfill when a definition changes
-- (a changed definition goes in a new migration: DROP VIEW IF EXISTS + CREATE VIEW). Every source is
-- read with FINAL so a redelivered event counts once. A "port" is (charger_id, evse_id): OCPP 1.6
-- connectorId and 2.0.1 evseId both map to evse_id; evse 0 is the station as a whole.

-- One row per charging session: TransactionStarted joined to its TransactionEnded (absent while it runs).
-- energy_wh is meter stop minus meter start when both were reported and the meter did not go backwards.
CREATE VIEW IF NOT EXISTS kpi_sessions AS
SELECT
    started.charger_id AS charger_id,
    started.transaction_id AS transaction_id,
    started.evse_id AS evse_id,
    started.id_token AS id_token,
    started.started_at AS started_at,
    ended.stopped_at AS stopped_at,
    ended.stop_reason AS stop_reason,
    started.meter_start_wh AS meter_start_wh,
    ended.meter_stop_wh AS meter_stop_wh,
    if(ended.meter_stop_wh >= started.meter_start_wh, ended.meter_stop_wh - started.meter_start_wh, NULL) AS energy_wh
FROM
(
    SELECT
        charger_id,
        JSONExtractString(payload, 'transaction_id') AS transaction_id,
        JSONExtract(payload, 'evse_id', 'UInt32') AS evse_id,
        JSONExtractString(payload, 'id_token', 'value') AS id_token,
        fromUnixTimestamp64Milli(JSONExtractInt(payload, 'started_at'), 'UTC') AS started_at,
        JSONExtract(payload, 'meter_start_wh', 'Nullable(Float64)') AS meter_start_wh
    FROM ocpp_events FINAL
    WHERE type = 'TransactionStarted'
    ORDER BY recorded_at
    LIMIT 1 BY charger_id, transaction_id
) AS started
LEFT JOIN
(
    SELECT
        charger_id,
        JSONExtractString(payload, 'transaction_id') AS transaction_id,
        toNullable(fromUnixTimestamp64Milli(JSONExtractInt(payload, 'stopped_at'), 'UTC')) AS stopped_at,
        JSONExtract(payload, 'stop_reason', 'Nullable(String)') AS stop_reason,
        JSONExtract(payload, 'meter_stop_wh', 'Nullable(Float64)') AS meter_stop_wh
    FROM ocpp_events FINAL
    WHERE type = 'TransactionEnded'
    ORDER BY recorded_at
    LIMIT 1 BY charger_id, transaction_id
) AS ended
ON started.charger_id = ended.charger_id AND started.transaction_id = ended.transaction_id;

-- Utilization per port and day (the day a session started, UTC): sessions, kWh delivered, hours plugged in
-- on that day (up to midnight for a session that runs past it, up to now for one still running) and that as
-- a share of the day.
CREATE VIEW IF NOT EXISTS kpi_port_utilization_daily AS
SELECT
    charger_id,
    evse_id,
    toDate(started_at) AS day,
    count() AS sessions,
    round(sum(ifNull(energy_wh, 0)) / 1000, 3) AS energy_kwh,
    round(sum(dateDiff('second', started_at,
        least(ifNull(stopped_at, now64(3)), toDateTime64(day + 1, 3, 'UTC')))) / 3600, 2) AS plugged_hours,
    round(100 * plugged_hours / 24, 1) AS occupancy_pct
FROM kpi_sessions
GROUP BY charger_id, evse_id, day;

-- Energy per port over its whole history; running sessions are counted as sessions but add no energy yet.
CREATE VIEW IF NOT EXISTS kpi_port_energy AS
SELECT
    charger_id,
    evse_id,
    count() AS sessions,
    countIf(energy_wh IS NOT NULL) AS metered_sessions,
    round(sum(ifNull(energy_wh, 0)) / 1000, 3) AS energy_kwh,
    min(started_at) AS first_session_at,
    max(started_at) AS last_session_at
FROM kpi_sessions
GROUP BY charger_id, evse_id;

-- Fault episodes per port from ConnectorStatusChanged: an episode starts at the first FAULTED status and
-- ends at the next status that means the port works again (AVAILABLE, OCCUPIED, RESERVED); repeated FAULTED
-- or UNAVAILABLE/UNKNOWN statuses in between belong to the same episode. cleared_at is NULL while it lasts.
-- detect_s: from the fault on the charger's clock (occurred_at) to Switchyard recording it, never negative
-- (charger clocks drift). repair_s: from recording the fault to recording the clearing status.
-- remotely_resolved: a Reset or UnlockConnector the charger accepted between fault and clearing.
CREATE VIEW IF NOT EXISTS kpi_fault_episodes AS
WITH
    statuses AS
    (
        SELECT
            charger_id,
            JSONExtract(payload, 'evse_id', 'UInt32') AS evse_id,
            JSONExtractString(payload, 'status') AS status,
            JSONExtract(payload, 'error_code', 'Nullable(String)') AS error_code,
            recorded_at,
            ifNull(occurred_at, recorded_at) AS occurred_at,
            min(if(status IN ('AVAILABLE', 'OCCUPIED', 'RESERVED'), toNullable(recorded_at), NULL)) OVER (
                PARTITION BY charger_id, evse_id ORDER BY recorded_at, event_id
                ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING
            ) AS next_working_at
        FROM ocpp_events FINAL
        WHERE type = 'ConnectorStatusChanged'
    ),
    episodes AS
    (
        SELECT
            charger_id,
            evse_id,
            min(recorded_at) AS faulted_at,
            argMin(occurred_at, recorded_at) AS fault_occurred_at,
            argMin(error_code, recorded_at) AS error_code,
            next_working_at AS cleared_at
        FROM statuses
        WHERE status = 'FAULTED'
        GROUP BY charger_id, evse_id, next_working_at
    ),
    remote_fixes AS
    (
        SELECT charger_id, recorded_at AS command_at
        FROM ocpp_events FINAL
        WHERE type = 'CommandAnswered'
          AND JSONExtractString(payload, 'action') IN ('Reset', 'UnlockConnector')
          AND JSONExtractString(payload, 'outcome') IN ('ACCEPTED', 'SCHEDULED')
    )
SELECT
    episodes.charger_id AS charger_id,
    episodes.evse_id AS evse_id,
    episodes.error_code AS error_code,
    episodes.faulted_at AS faulted_at,
    episodes.cleared_at AS cleared_at,
    greatest(0, dateDiff('millisecond', episodes.fault_occurred_at, episodes.faulted_at)) / 1000 AS detect_s,
    dateDiff('millisecond', episodes.faulted_at, episodes.cleared_at) / 1000 AS repair_s,
    countIf(
        remote_fixes.command_at >= episodes.faulted_at AND remote_fixes.command_at <= episodes.cleared_at
    ) > 0 AS remotely_resolved
FROM episodes
LEFT JOIN remote_fixes ON remote_fixes.charger_id = episodes.charger_id
GROUP BY charger_id, evse_id, error_code, faulted_at, cleared_at, fault_occurred_at;

-- Per charger: fault episodes, mean time to detect and to repair, and the share of cleared faults that a
-- remote Reset/Unlock resolved.
CREATE VIEW IF NOT EXISTS kpi_fault_summary AS
SELECT
    charger_id,
    count() AS episodes,
    countIf(cleared_at IS NOT NULL) AS cleared,
    round(avg(detect_s), 1) AS mttd_s,
    round(avgIf(repair_s, cleared_at IS NOT NULL), 1) AS mttr_s,
    countIf(remotely_resolved AND cleared_at IS NOT NULL) AS remotely_resolved,
    round(100 * remotely_resolved / nullIf(cleared, 0), 1) AS remote_resolution_pct
FROM kpi_fault_episodes
GROUP BY charger_id;

-- Authorizations Switchyard (or a routed CSMS) refused, per charger, day and status.
CREATE VIEW IF NOT EXISTS kpi_failed_authorizations_daily AS
SELECT
    charger_id,
    toDate(recorded_at) AS day,
    JSONExtractString(payload, 'status') AS status,
    count() AS failures,
    uniqExact(JSONExtractString(payload, 'id_token', 'value')) AS distinct_tokens
FROM ocpp_events FINAL
WHERE type = 'AuthorizationDecided' AND status != 'ACCEPTED'
GROUP BY charger_id, day, status;

-- Firmware spread: how many chargers run each vendor/model/firmware, from each charger's latest boot.
CREATE VIEW IF NOT EXISTS kpi_firmware_spread AS
SELECT vendor, model, firmware_version, count() AS chargers
FROM
(
    SELECT
        charger_id,
        argMax(JSONExtractString(payload, 'vendor'), (recorded_at, event_id)) AS vendor,
        argMax(JSONExtractString(payload, 'model'), (recorded_at, event_id)) AS model,
        argMax(JSONExtract(payload, 'firmware_version', 'Nullable(String)'), (recorded_at, event_id)) AS firmware_version
    FROM ocpp_events FINAL
    WHERE type = 'ChargerBooted'
    GROUP BY charger_id
)
GROUP BY vendor, model, firmware_version;

-- Connectivity uptime per charger over [from, to): the share of the window the charger had a WebSocket open.
-- A connection lasts from ChargerConnected to its ChargerDisconnected; without one (edge crashed, or still
-- open) it lasts until the charger's next connection, or now. Parameterized:
--   SELECT * FROM kpi_charger_uptime(from = '2026-11-20 00:00:00', to = '2026-11-21 00:00:00')
-- Per-site uptime joins this on charger_id once charger locations are archived (see README).
CREATE VIEW IF NOT EXISTS kpi_charger_uptime AS
WITH
    connections AS
    (
        SELECT
            opened.charger_id AS charger_id,
            opened.connected_at AS connected_at,
            least(
                coalesce(closed.disconnected_at, opened.next_connected_at, now64(3)),
                coalesce(opened.next_connected_at, now64(3))
            ) AS ended_at
        FROM
        (
            SELECT
                charger_id,
                connection_id,
                recorded_at AS connected_at,
                leadInFrame(toNullable(recorded_at)) OVER (
                    PARTITION BY charger_id ORDER BY recorded_at
                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) AS next_connected_at
            FROM connection_events FINAL
            WHERE type = 'ChargerConnected'
        ) AS opened
        LEFT JOIN
        (
            SELECT charger_id, connection_id, toNullable(min(recorded_at)) AS disconnected_at
            FROM connection_events FINAL
            WHERE type = 'ChargerDisconnected'
            GROUP BY charger_id, connection_id
        ) AS closed
        ON opened.charger_id = closed.charger_id AND opened.connection_id = closed.connection_id
    )
SELECT
    charger_id,
    sum(greatest(0, dateDiff('millisecond',
        greatest(connected_at, {from:DateTime64(3, 'UTC')}),
        least(ended_at, {to:DateTime64(3, 'UTC')})))) AS connected_ms,
    round(100 * connected_ms / dateDiff('millisecond', {from:DateTime64(3, 'UTC')}, {to:DateTime64(3, 'UTC')}), 2) AS uptime_pct
FROM connections
GROUP BY charger_id;

-- Protocol health per charger and day from the raw frames: how much of its traffic failed validation,
-- was answered with a CALLERROR or could not be parsed at all, and how many frames needed a vendor quirk.
CREATE VIEW IF NOT EXISTS kpi_frame_quality_daily AS
SELECT
    charger_id,
    toDate(received_at) AS day,
    count() AS frames,
    countIf(validation = 'INVALID') AS invalid_frames,
    countIf(message_type = 'CALLERROR') AS call_errors,
    countIf(message_type = 'UNPARSEABLE') AS unparseable_frames,
    countIf(notEmpty(quirks_applied)) AS quirk_corrected_frames,
    round(100 * invalid_frames / frames, 2) AS invalid_pct
FROM ocpp_frames FINAL
GROUP BY charger_id, day;
