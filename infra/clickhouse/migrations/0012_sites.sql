-- Sites: the operator's OCPI Locations (topic switchyard.locations, archived by history), and through the
-- `switchyard` mapping of each of their EVSEs, which charger ports stand where. A location's rows are its
-- versions; the latest (by recorded_at) counts, and a deleted location (a tombstone) has `deleted`.
CREATE TABLE IF NOT EXISTS locations
(
    country_code LowCardinality(String) COMMENT 'Owner (the CPO): ISO 3166-1 alpha-2',
    party_id     LowCardinality(String) COMMENT 'Owner (the CPO): OCPI party id',
    location_id  String COMMENT 'OCPI Location id, unique per owner',
    event_id     String COMMENT 'Envelope event_id of this version; empty for a deletion',
    deleted      Bool COMMENT 'The location was deleted (a tombstone on the topic)',
    name         Nullable(String),
    city         String,
    country      LowCardinality(String) COMMENT 'ISO 3166-1 alpha-3',
    time_zone    LowCardinality(String),
    publish      Bool COMMENT 'Shown to eMSPs',
    last_updated Nullable(DateTime64(3, 'UTC')) COMMENT 'OCPI last_updated of this version',
    recorded_at  DateTime64(3, 'UTC') COMMENT 'When Switchyard recorded this version',
    object_json  String COMMENT 'The OCPI Location object with each EVSE''s switchyard mapping; empty for a deletion'
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY (country_code, party_id, location_id);

-- Which location each charger port stands at, from the latest version of every location not deleted.
CREATE VIEW IF NOT EXISTS charger_locations AS
SELECT
    country_code,
    party_id,
    location_id,
    name AS location_name,
    city,
    JSONExtractString(evse, 'uid') AS evse_uid,
    JSONExtractString(evse, 'switchyard', 'charger_id') AS charger_id,
    JSONExtract(evse, 'switchyard', 'evse_id', 'UInt32') AS evse_id
FROM locations FINAL
ARRAY JOIN JSONExtractArrayRaw(object_json, 'evses') AS evse
WHERE NOT deleted;

-- Port availability over [from, to): the share of the time the port's status was known in which it was
-- neither FAULTED nor UNAVAILABLE. A status lasts until the port's next one; the one in force at `from`
-- counts from `from`. Time before a port's first status is unknown, not counted. Parameterized:
--   SELECT * FROM kpi_port_availability(from = '2026-11-01 00:00:00', to = '2026-12-01 00:00:00')
CREATE VIEW IF NOT EXISTS kpi_port_availability AS
WITH statuses AS
(
    SELECT
        charger_id,
        JSONExtract(payload, 'evse_id', 'UInt32') AS evse_id,
        JSONExtractString(payload, 'status') AS status,
        recorded_at AS since,
        leadInFrame(toNullable(recorded_at)) OVER (
            PARTITION BY charger_id, evse_id ORDER BY recorded_at, event_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS until
    FROM ocpp_events FINAL
    WHERE type = 'ConnectorStatusChanged' AND recorded_at < {to:DateTime64(3, 'UTC')}
),
spans AS
(
    SELECT
        charger_id,
        evse_id,
        status,
        greatest(0, dateDiff('millisecond',
            greatest(since, {from:DateTime64(3, 'UTC')}),
            least(ifNull(until, {to:DateTime64(3, 'UTC')}), {to:DateTime64(3, 'UTC')}))) AS span_ms
    FROM statuses
)
SELECT
    charger_id,
    evse_id,
    sum(span_ms) AS known_ms,
    sumIf(span_ms, status IN ('FAULTED', 'UNAVAILABLE')) AS down_ms,
    round(100 * (known_ms - down_ms) / nullIf(known_ms, 0), 2) AS availability_pct
FROM spans
GROUP BY charger_id, evse_id;

-- Per site over [from, to): its chargers' connectivity uptime and its ports' availability, averaged over
-- the chargers and ports the location maps (a charger with no connection in the window counts as 0 %
-- uptime; a port with no known status is left out of availability). Parameterized like the two above.
CREATE VIEW IF NOT EXISTS kpi_site_uptime AS
SELECT
    sites.country_code AS country_code,
    sites.party_id AS party_id,
    sites.location_id AS location_id,
    any(sites.location_name) AS location_name,
    uniqExact(sites.charger_id) AS chargers,
    round(avg(ifNull(uptime.uptime_pct, 0)), 2) AS uptime_pct
FROM (SELECT DISTINCT country_code, party_id, location_id, location_name, charger_id FROM charger_locations) AS sites
LEFT JOIN kpi_charger_uptime(from = {from:DateTime64(3, 'UTC')}, to = {to:DateTime64(3, 'UTC')}) AS uptime
    ON uptime.charger_id = sites.charger_id
GROUP BY country_code, party_id, location_id;

CREATE VIEW IF NOT EXISTS kpi_site_availability AS
SELECT
    ports.country_code AS country_code,
    ports.party_id AS party_id,
    ports.location_id AS location_id,
    any(ports.location_name) AS location_name,
    count() AS ports,
    round(100 * (sum(availability.known_ms) - sum(availability.down_ms)) / nullIf(sum(availability.known_ms), 0), 2) AS availability_pct
FROM charger_locations AS ports
INNER JOIN kpi_port_availability(from = {from:DateTime64(3, 'UTC')}, to = {to:DateTime64(3, 'UTC')}) AS availability
    ON availability.charger_id = ports.charger_id AND availability.evse_id = ports.evse_id
GROUP BY country_code, party_id, location_id;
