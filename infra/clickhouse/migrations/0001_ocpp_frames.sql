-- Raw OCPP-J frames in both directions, valid or not, exactly as they crossed the wire.
-- One row per record of topic switchyard.ocpp.frames (Avro io.switchyard.ocpp.OcppFrameEvent): envelope
-- fields plus the OcppFrame payload, validation flattened. Delivery is at-least-once, so the same event_id
-- can arrive twice; ReplacingMergeTree collapses it on merge (read with FINAL for exact counts).
-- This is the highest-volume table: its columns are plain String, not LowCardinality, because dictionary
-- encoding on insert cost chDB about a third of its ingest rate here; compression already shrinks the
-- repetitive values.
CREATE TABLE IF NOT EXISTS ocpp_frames
(
    event_id          String COMMENT 'Envelope event_id (ULID)',
    charger_id        String,
    connection_id     String COMMENT 'ULID the edge gave the WebSocket',
    direction         String COMMENT 'IN: charger to Switchyard; OUT: Switchyard to charger',
    protocol          String COMMENT 'Negotiated subprotocol: ocpp1.6 or ocpp2.0.1',
    message_type      String COMMENT 'CALL, CALLRESULT, CALLERROR or UNPARSEABLE',
    message_id        Nullable(String),
    action            Nullable(String) COMMENT 'For results and errors: the action of the CALL they answer, when known',
    text              String COMMENT 'The exact frame text, never the quirk-corrected payload',
    received_at       DateTime64(3, 'UTC') COMMENT 'IN: received by the edge; OUT: written to the socket',
    recorded_at       DateTime64(3, 'UTC'),
    validation        String COMMENT 'VALID, INVALID or NOT_VALIDATED',
    error_code        Nullable(String) COMMENT 'OCPP-J error code of an invalid frame',
    error_description Nullable(String),
    quirks_applied    Array(String) COMMENT 'Vendor quirk rules that rewrote the payload before validation',
    source_instance   String COMMENT 'Edge instance that recorded the frame'
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (charger_id, received_at, event_id);
