-- A charger CALL's live copies on the gateway's upstream links are not frame rows of their own: the
-- charger's answer frame lists them, position by position in three arrays. Each copy was the charger's
-- CALL text under the link's message id; the primary's answer is the answer frame's payload under it.
ALTER TABLE ocpp_frames ADD COLUMN IF NOT EXISTS relayed_upstreams Array(String) DEFAULT [] COMMENT 'On a charger-side answer frame: the upstreams that got a live copy of the CALL it answers';
ALTER TABLE ocpp_frames ADD COLUMN IF NOT EXISTS relayed_roles Array(String) DEFAULT [] COMMENT 'PRIMARY or OBSERVER, in relayed_upstreams order';
ALTER TABLE ocpp_frames ADD COLUMN IF NOT EXISTS relayed_message_ids Array(String) DEFAULT [] COMMENT 'The message id of each copy on its link, in relayed_upstreams order';

-- What crossed each upstream link, under the message ids that upstream knows: the link's own frame
-- rows, and for every live copy the CALL sent and (primary only) the CALLRESULT it answered with. A
-- relayed row's charger_message_id finds the charger's frames; its text is the charger's, id aside.
CREATE VIEW IF NOT EXISTS upstream_frames AS
SELECT
    charger_id,
    upstream,
    direction,
    message_type,
    message_id,
    CAST(NULL, 'Nullable(String)') AS charger_message_id,
    action,
    received_at,
    'link' AS recorded_as
FROM ocpp_frames FINAL
WHERE upstream IS NOT NULL
UNION ALL
SELECT
    charger_id,
    CAST(tupleElement(relayed_copy, 1), 'Nullable(String)') AS upstream,
    tupleElement(relayed_copy, 3) AS direction,
    if(direction = 'OUT', 'CALL', 'CALLRESULT') AS message_type,
    CAST(tupleElement(relayed_copy, 2), 'Nullable(String)') AS message_id,
    charger_message_id,
    action,
    received_at,
    'relayed' AS recorded_as
FROM
(
    SELECT
        charger_id,
        message_id AS charger_message_id,
        action,
        received_at,
        arrayJoin(arrayFlatten(arrayMap(
            (relayed_upstream, relayed_role, relayed_id) -> if(
                relayed_role = 'PRIMARY' AND message_type = 'CALLRESULT',
                [(relayed_upstream, relayed_id, 'OUT'), (relayed_upstream, relayed_id, 'IN')],
                [(relayed_upstream, relayed_id, 'OUT')]),
            relayed_upstreams, relayed_roles, relayed_message_ids))) AS relayed_copy
    FROM ocpp_frames FINAL
    WHERE upstream IS NULL AND notEmpty(relayed_upstreams)
);
