-- Charge detail records as issued on topic switchyard.cdrs (Avro io.switchyard.ocpi.CdrRecord), one row per
-- CDR. A CDR is immutable: a correction is a credit CDR (credit = 1, total_cost negated, pointing at the
-- original through credit_reference_id) plus a new CDR, never an edit. So the table is keyed by the CDR's
-- identity (owner and id), and a redelivered or replayed CDR collapses into one row (read with FINAL).
-- A CDR's end_date_time never changes, so its copies always land in the same monthly partition.
CREATE TABLE IF NOT EXISTS cdrs
(
    country_code             LowCardinality(String) COMMENT 'CDR owner (the CPO): ISO 3166-1 alpha-2',
    party_id                 LowCardinality(String) COMMENT 'CDR owner (the CPO): OCPI party id',
    cdr_id                   String COMMENT 'OCPI CDR id, unique per owner',
    event_id                 String COMMENT 'Envelope event_id of the record that issued it',
    session_id               Nullable(String) COMMENT 'OCPI Session id the CDR bills',
    start_date_time          DateTime64(3, 'UTC'),
    end_date_time            DateTime64(3, 'UTC'),
    token_country_code       LowCardinality(String) COMMENT 'cdr_token: the eMSP that issued the token',
    token_party_id           LowCardinality(String),
    token_uid                String,
    token_type               LowCardinality(String) COMMENT 'AD_HOC_USER, APP_USER, OTHER or RFID',
    contract_id              String,
    auth_method              LowCardinality(String),
    location_id              String,
    evse_uid                 String COMMENT '<charger id>-<OCPP evse id>',
    connector_id             String,
    currency                 LowCardinality(String) COMMENT 'ISO 4217',
    total_cost_excl_vat      Float64 COMMENT 'Negative on a credit CDR',
    total_cost_incl_vat      Nullable(Float64) COMMENT 'Negative on a credit CDR; NULL when VAT does not apply',
    total_energy_kwh         Float64 COMMENT 'As on the CDR: a credit CDR repeats the energy of the one it credits',
    total_time_hours         Float64,
    total_parking_time_hours Nullable(Float64),
    tariff_ids               Array(String),
    credit                   Bool,
    credit_reference_id      Nullable(String) COMMENT 'Credit CDR: the id of the CDR it reverses',
    last_updated             DateTime64(3, 'UTC'),
    recorded_at              DateTime64(3, 'UTC'),
    object_json              String COMMENT 'The OCPI CDR object as sent to partners'
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(end_date_time)
ORDER BY (country_code, party_id, cdr_id);
