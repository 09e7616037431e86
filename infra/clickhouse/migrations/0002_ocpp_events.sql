-- Normalized domain events (one model for OCPP 1.6 and 2.0.1) and command outcomes: one row per record of
-- topic switchyard.ocpp.events (Avro io.switchyard.ocpp.OcppEvent). `type` is the payload's union branch;
-- the payload itself is kept as JSON text with the Avro field names, so new event types need no migration.
-- Ordered by recorded_at, Switchyard's clock: a charger's own clock (occurred_at) may be wrong or absent.
CREATE TABLE IF NOT EXISTS ocpp_events
(
    event_id        String COMMENT 'Envelope event_id (ULID)',
    type            LowCardinality(String) COMMENT 'Avro record name of the payload: ChargerBooted, TransactionStarted, ...',
    charger_id      String COMMENT 'Envelope key',
    occurred_at     Nullable(DateTime64(3, 'UTC')) COMMENT 'When it happened according to the charger',
    recorded_at     DateTime64(3, 'UTC') COMMENT 'When Switchyard recorded it',
    connection_id   Nullable(String) COMMENT 'Envelope source.connection_id',
    source_service  LowCardinality(String),
    source_instance LowCardinality(String),
    correlation_id  Nullable(String),
    causation_id    Nullable(String),
    payload         String COMMENT 'The payload record as JSON'
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(recorded_at)
ORDER BY (charger_id, recorded_at, event_id);
