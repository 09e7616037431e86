-- The migration report of the multi-CSMS gateway, fleet-wide: per upstream, from the GatewayDecision events
-- every gateway instance records on switchyard.ocpp.events. The gateway's own report (`switchyard routes
-- report`, GET /api/routes/report) counts per instance since it started; this one adds up every instance,
-- over any window, and survives restarts. An observer's answer is compared with the primary's
-- (observer_answered), and a difference is recorded as well (answer_differed, with the call's action).
-- Parameterized:
--   SELECT * FROM kpi_gateway_migration(from = '2026-11-01 00:00:00', to = '2026-12-01 00:00:00')
CREATE VIEW IF NOT EXISTS kpi_gateway_migration AS
WITH decisions AS
(
    SELECT
        charger_id,
        recorded_at,
        JSONExtractString(payload, 'decision') AS decision,
        JSONExtractString(payload, 'upstream') AS upstream,
        JSONExtractString(payload, 'role') AS role,
        ifNull(JSONExtract(payload, 'action', 'Nullable(String)'), '') AS action
    FROM ocpp_events FINAL
    WHERE type = 'GatewayDecision'
      AND recorded_at >= {from:DateTime64(3, 'UTC')} AND recorded_at < {to:DateTime64(3, 'UTC')}
),
differences AS
(
    SELECT upstream, CAST(sumMap(map(action, toUInt64(1))) AS Map(String, UInt64)) AS differences_by_action
    FROM decisions
    WHERE decision = 'answer_differed'
    GROUP BY upstream
)
SELECT
    upstream,
    argMax(role, recorded_at) AS latest_role,
    uniqExactIf(charger_id, decision = 'observer_answered') AS chargers_compared,
    countIf(decision = 'observer_answered') AS answers_compared,
    countIf(decision = 'answer_differed') AS answers_differed,
    round(100 * answers_differed / nullIf(answers_compared, 0), 2) AS differed_pct,
    any(differences.differences_by_action) AS differences_by_action,
    countIf(decision = 'observer_failed') AS copies_failed,
    countIf(decision = 'catch_up_gap') AS catch_up_gaps,
    countIf(decision = 'link_down') AS link_downs,
    max(recorded_at) AS last_decision_at
FROM decisions
LEFT JOIN differences USING (upstream)
GROUP BY upstream
ORDER BY upstream;
