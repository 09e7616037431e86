-- Charger connection life (ChargerConnected, ChargerAuthenticated, ConnectionRejected, ConnectionReplaced,
-- ChargerDisconnected from switchyard.ocpp.events) with the payload fields as columns, for uptime and
-- connectivity analysis. A field a type does not carry is NULL (or empty for arrays).
CREATE TABLE IF NOT EXISTS connection_events
(
    event_id               String COMMENT 'Envelope event_id (ULID)',
    type                   LowCardinality(String),
    charger_id             String COMMENT 'For ConnectionRejected: the id the attempt claimed',
    connection_id          Nullable(String) COMMENT 'ConnectionReplaced: the new connection',
    recorded_at            DateTime64(3, 'UTC'),
    remote_address         String,
    protocol               LowCardinality(Nullable(String)),
    security_profile       Nullable(UInt8),
    certificate_subject    Nullable(String),
    replaced_connection_id Nullable(String),
    http_status            Nullable(UInt16) COMMENT 'ConnectionRejected: status answered to the upgrade',
    reason                 LowCardinality(Nullable(String)) COMMENT 'ConnectionRejected: unknown_charger, bad_password, ...',
    detail                 Nullable(String),
    offered_subprotocols   Array(LowCardinality(String)),
    close_code             Nullable(UInt16),
    close_reason           Nullable(String),
    closed_by              LowCardinality(Nullable(String)) COMMENT 'charger, server, replaced, keepalive_timeout or error',
    connected_ms           Nullable(UInt64),
    source_instance        LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(recorded_at)
ORDER BY (charger_id, recorded_at, event_id);
