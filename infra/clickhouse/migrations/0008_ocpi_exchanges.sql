-- Every OCPI HTTP exchange with a roaming partner, both directions, from topic switchyard.ocpi.traffic
-- (Avro io.switchyard.ocpi.OcpiExchangeRecord): what was asked, what was answered and when, so a dispute
-- ("you never sent us that CDR", "we answered 2001") is settled from the record. Credentials tokens are
-- never recorded. One row per exchange; a redelivered record collapses by event id (read with FINAL).
-- The other party is '' when the exchange could not be tied to one (e.g. a request with an unknown token).
CREATE TABLE IF NOT EXISTS ocpi_exchanges
(
    country_code        LowCardinality(String) COMMENT 'The other party; empty when unidentified',
    party_id            LowCardinality(String) COMMENT 'The other party; empty when unidentified',
    started_at          DateTime64(3, 'UTC') COMMENT 'When the request was sent or received',
    event_id            String COMMENT 'Envelope event_id (ULID)',
    direction           LowCardinality(String) COMMENT 'INBOUND: the party called Switchyard; OUTBOUND: Switchyard called the party',
    method              LowCardinality(String),
    url                 String,
    module              LowCardinality(Nullable(String)) COMMENT 'OCPI module id: locations, sessions, cdrs, tariffs, tokens, commands, ...',
    request_id          Nullable(String) COMMENT 'X-Request-ID',
    ocpi_correlation_id Nullable(String) COMMENT 'X-Correlation-ID',
    request_body        Nullable(String),
    http_status         Nullable(UInt16) COMMENT 'NULL when no response arrived',
    ocpi_status_code    Nullable(UInt32) COMMENT 'status_code of the OCPI response envelope (1000: success)',
    response_body       Nullable(String),
    error               Nullable(String) COMMENT 'Transport error when there was no response',
    duration_ms         Nullable(UInt32),
    request_headers     Map(String, String) COMMENT 'Lower-case names; Authorization is never recorded',
    response_headers    Map(String, String) COMMENT 'Lower-case names (Location of a pushed object, X-Total-Count, ...); empty without a response',
    recorded_at         DateTime64(3, 'UTC'),
    source_instance     LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (country_code, party_id, started_at, event_id);
