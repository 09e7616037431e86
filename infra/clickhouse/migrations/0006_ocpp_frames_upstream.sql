-- The gateway's frames with upstream CSMSs share the raw frame log with the chargers' own frames:
-- `upstream` names the upstream (NULL: the charger's socket). On an upstream link, IN is what the
-- upstream sent and message_id is that link's own id, so both sides of a brokered call can be joined
-- by charger, action and time.
ALTER TABLE ocpp_frames ADD COLUMN IF NOT EXISTS upstream Nullable(String) COMMENT 'NULL: charger socket; else the upstream CSMS this gateway link frame went to (OUT) or came from (IN)';

-- Protocol health is the chargers' own traffic: upstream link frames are left out.
DROP VIEW IF EXISTS kpi_frame_quality_daily;

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
WHERE upstream IS NULL
GROUP BY charger_id, day;
