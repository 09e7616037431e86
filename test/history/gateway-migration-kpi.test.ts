import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { OcppEvent } from '../../services/core/events/generated-types.ts';
import { ocppEvent } from './support/ocpp-events.ts';
import { openHistoryHarness, type HistoryHarness } from './support/history-harness.ts';

const t0 = Date.parse('2026-11-20T08:00:00.000Z');
const day = `from = '2026-11-20 00:00:00', to = '2026-11-21 00:00:00'`;

const decision = (
  charger: string,
  minute: number,
  kind: string,
  upstream: string,
  role: 'primary' | 'observer',
  action: string | null,
  instance = 'edge-1',
): OcppEvent => {
  const event = ocppEvent('io.switchyard.ocpp.GatewayDecision', { charger, at: t0 + minute * 60_000 }, {
    decision: kind,
    upstream,
    role,
    action,
    message_id: `m-${minute}`,
    detail_json: null,
  });
  return { ...event, envelope: { ...event.envelope, source: { ...event.envelope.source, instance_id: instance } } };
};

/**
 * A wave on a hand-checked day: `new-csms` observes CP-1 and CP-2 through two gateway instances, differs on
 * two StartTransaction answers and one Heartbeat, then is promoted; `old-csms` becomes the observer.
 */
describe('fleet-wide gateway migration report in ClickHouse', () => {
  let harness: HistoryHarness;

  beforeAll(async () => {
    harness = await openHistoryHarness();
    const events = [
      decision('CP-1', 0, 'observer_answered', 'new-csms', 'observer', 'BootNotification', 'edge-1'),
      decision('CP-1', 1, 'observer_answered', 'new-csms', 'observer', 'StartTransaction', 'edge-1'),
      decision('CP-1', 1, 'answer_differed', 'new-csms', 'observer', 'StartTransaction', 'edge-1'),
      decision('CP-2', 2, 'observer_answered', 'new-csms', 'observer', 'StartTransaction', 'edge-2'),
      decision('CP-2', 2, 'answer_differed', 'new-csms', 'observer', 'StartTransaction', 'edge-2'),
      decision('CP-2', 3, 'observer_answered', 'new-csms', 'observer', 'Heartbeat', 'edge-2'),
      decision('CP-2', 3, 'answer_differed', 'new-csms', 'observer', 'Heartbeat', 'edge-2'),
      decision('CP-2', 4, 'observer_failed', 'new-csms', 'observer', 'MeterValues', 'edge-2'),
      decision('CP-2', 5, 'link_down', 'new-csms', 'observer', null, 'edge-2'),
      // Promotion: from here on the old CSMS is the observer; it agrees.
      decision('CP-1', 60, 'observer_answered', 'old-csms', 'observer', 'Heartbeat', 'edge-1'),
      decision('CP-1', 61, 'upstream_call_forwarded', 'new-csms', 'primary', 'GetConfiguration', 'edge-1'),
      // The next day: outside the window.
      decision('CP-1', 24 * 60, 'answer_differed', 'new-csms', 'primary', 'Heartbeat', 'edge-1'),
    ];
    await harness.appendEvents([...events, events[0] as OcppEvent]);
    await harness.waitUntilArchived(topics.ocppEvents);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('adds up every instance per upstream: answers compared and differed, by action, failures, current role', async () => {
    const rows = await harness.clickhouse.query(
      `SELECT upstream, latest_role, chargers_compared, answers_compared, answers_differed, differed_pct,
              differences_by_action, copies_failed, catch_up_gaps, link_downs
       FROM kpi_gateway_migration(${day})`,
      { settings: { output_format_json_quote_64bit_integers: 0 } },
    );

    expect(rows).toEqual([
      {
        upstream: 'new-csms',
        latest_role: 'primary',
        chargers_compared: 2,
        // BootNotification (redelivered: counted once), two StartTransaction, one Heartbeat.
        answers_compared: 4,
        answers_differed: 3,
        differed_pct: 75,
        differences_by_action: { Heartbeat: 1, StartTransaction: 2 },
        copies_failed: 1,
        catch_up_gaps: 0,
        link_downs: 1,
      },
      {
        upstream: 'old-csms',
        latest_role: 'observer',
        chargers_compared: 1,
        answers_compared: 1,
        answers_differed: 0,
        differed_pct: 0,
        differences_by_action: {},
        copies_failed: 0,
        catch_up_gaps: 0,
        link_downs: 0,
      },
    ]);
  });
});
