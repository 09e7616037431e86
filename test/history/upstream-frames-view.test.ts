import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppFrameEvent } from '../support/ocpp-frame-event.ts';
import { openHistoryHarness, type HistoryHarness } from './support/history-harness.ts';

const t0 = Date.parse('2026-11-22T08:00:00.000Z');
const boot = { chargePointVendor: 'Switchyard', chargePointModel: 'Gateway-View' };

describe('ClickHouse shows what crossed each upstream link, relayed copies included', () => {
  let harness: HistoryHarness;

  beforeAll(async () => {
    harness = await openHistoryHarness();
    await harness.appendFrames([
      ocppFrameEvent({ chargerId: 'GW-VIEW-1', at: t0, direction: 'IN', messageType: 'CALL', messageId: 'c-1', action: 'BootNotification', text: JSON.stringify([2, 'c-1', 'BootNotification', boot]) }),
      ocppFrameEvent({
        chargerId: 'GW-VIEW-1',
        at: t0 + 5,
        direction: 'OUT',
        messageType: 'CALLRESULT',
        messageId: 'c-1',
        action: 'BootNotification',
        text: JSON.stringify([3, 'c-1', { status: 'Accepted', interval: 300, currentTime: new Date(t0).toISOString() }]),
        relayedAs: [
          { upstream: 'legacy', role: 'PRIMARY', message_id: 'l-9' },
          { upstream: 'next', role: 'OBSERVER', message_id: 'n-4' },
        ],
      }),
      ocppFrameEvent({ chargerId: 'GW-VIEW-1', at: t0 + 60_000, direction: 'IN', messageType: 'CALL', messageId: 'up-1', action: 'GetConfiguration', text: '[2,"up-1","GetConfiguration",{}]', upstream: 'legacy' }),
    ]);
    await harness.waitForCount("SELECT count() AS n FROM ocpp_frames WHERE charger_id = 'GW-VIEW-1'", 3);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('keeps the copies on the answer frame, in upstream order', async () => {
    const rows = await harness.clickhouse.query(
      "SELECT relayed_upstreams, relayed_roles, relayed_message_ids FROM ocpp_frames WHERE charger_id = 'GW-VIEW-1' AND message_type = 'CALLRESULT'",
    );
    expect(rows).toEqual([{ relayed_upstreams: ['legacy', 'next'], relayed_roles: ['PRIMARY', 'OBSERVER'], relayed_message_ids: ['l-9', 'n-4'] }]);
  });

  it("lists, per upstream, its link's own frames and the charger CALLs it got under its own ids, with the primary's answer", async () => {
    const rows = await harness.clickhouse.query(
      `SELECT upstream, direction, message_type, message_id, charger_message_id, action, recorded_as
       FROM upstream_frames WHERE charger_id = 'GW-VIEW-1' ORDER BY upstream, received_at, direction DESC`,
    );
    expect(rows).toEqual([
      { upstream: 'legacy', direction: 'OUT', message_type: 'CALL', message_id: 'l-9', charger_message_id: 'c-1', action: 'BootNotification', recorded_as: 'relayed' },
      { upstream: 'legacy', direction: 'IN', message_type: 'CALLRESULT', message_id: 'l-9', charger_message_id: 'c-1', action: 'BootNotification', recorded_as: 'relayed' },
      { upstream: 'legacy', direction: 'IN', message_type: 'CALL', message_id: 'up-1', charger_message_id: null, action: 'GetConfiguration', recorded_as: 'link' },
      { upstream: 'next', direction: 'OUT', message_type: 'CALL', message_id: 'n-4', charger_message_id: 'c-1', action: 'BootNotification', recorded_as: 'relayed' },
    ]);
  });
});
