import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadLetterHeaders, deadLetterTopicOf, type BusRecord } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { booted, connected, disconnected, meterValuesFrame, statusChanged } from './support/ocpp-events.ts';
import { openHistoryHarness, type HistoryHarness } from './support/history-harness.ts';

const t0 = Date.parse('2026-11-20T08:00:00.000Z');
const minute = 60_000;

describe('history archives the OCPP topics into ClickHouse', () => {
  let harness: HistoryHarness;

  beforeEach(async () => {
    harness = await openHistoryHarness();
  });

  afterEach(async () => {
    await harness.close();
  });

  it('writes frames, domain events and connection events with their columns', async () => {
    await harness.appendFrames([meterValuesFrame('CP-1', t0, 1), meterValuesFrame('CP-2', t0 + 1, 2)]);
    await harness.appendEvents([
      connected({ charger: 'CP-1', at: t0 }, 'conn-a'),
      booted({ charger: 'CP-1', at: t0 + minute }, 'Alpitronic', 'HYC300', '1.4.2'),
      disconnected({ charger: 'CP-1', at: t0 + 10 * minute }, 'conn-a', 10 * minute),
    ]);

    await harness.waitForCount('SELECT count() AS n FROM ocpp_frames', 2);
    await harness.waitForCount('SELECT count() AS n FROM ocpp_events', 3);
    await harness.waitForCount('SELECT count() AS n FROM connection_events', 2);

    const frames = await harness.clickhouse.query(
      `SELECT charger_id, direction, message_type, action, validation, toUnixTimestamp64Milli(received_at) AS received_at
       FROM ocpp_frames ORDER BY charger_id`,
    );
    expect(frames).toEqual([
      { charger_id: 'CP-1', direction: 'IN', message_type: 'CALL', action: 'MeterValues', validation: 'VALID', received_at: String(t0) },
      { charger_id: 'CP-2', direction: 'IN', message_type: 'CALL', action: 'MeterValues', validation: 'VALID', received_at: String(t0 + 1) },
    ]);
    const events = await harness.clickhouse.query(
      `SELECT type, charger_id, JSONExtractString(payload, 'firmware_version') AS firmware FROM ocpp_events ORDER BY recorded_at`,
    );
    expect(events).toEqual([
      { type: 'ChargerConnected', charger_id: 'CP-1', firmware: '' },
      { type: 'ChargerBooted', charger_id: 'CP-1', firmware: '1.4.2' },
      { type: 'ChargerDisconnected', charger_id: 'CP-1', firmware: '' },
    ]);
    const connections = await harness.clickhouse.query(
      `SELECT type, connection_id, protocol, closed_by, connected_ms FROM connection_events ORDER BY recorded_at`,
    );
    expect(connections).toEqual([
      { type: 'ChargerConnected', connection_id: 'conn-a', protocol: 'ocpp1.6', closed_by: null, connected_ms: null },
      {
        type: 'ChargerDisconnected',
        connection_id: 'conn-a',
        protocol: null,
        closed_by: 'keepalive_timeout',
        connected_ms: String(10 * minute),
      },
    ]);
  });

  it('counts a redelivered or replayed event once', async () => {
    const event = statusChanged({ charger: 'CP-1', at: t0 }, 1, 'FAULTED', 'GroundFailure');
    await harness.appendEvents([event, event]);
    await harness.waitUntilArchived(topics.ocppEvents);

    await harness.history.stop();
    await harness.bus.seekGroup('switchyard-history-events', topics.ocppEvents, { kind: 'earliest' });
    await harness.restartHistory();
    await harness.appendEvents([event]);
    await harness.waitUntilArchived(topics.ocppEvents);

    const [exact] = await harness.clickhouse.query<{ n: string }>('SELECT count() AS n FROM ocpp_events FINAL');
    expect(exact?.n).toBe('1');
  });

  it('re-reads records the bus committed before they reached ClickHouse', async () => {
    await harness.history.stop();
    await harness.appendEvents([booted({ charger: 'CP-9', at: t0 }, 'ABB', 'Terra 54', '1.8.0')]);
    // As after a crash between the bus's offset commit and the batch insert: the group is past the record.
    await harness.bus.seekGroup('switchyard-history-events', topics.ocppEvents, { kind: 'latest' });

    await harness.restartHistory();

    await harness.waitForCount(`SELECT count() AS n FROM ocpp_events WHERE charger_id = 'CP-9'`, 1);
  });

  it('dead-letters an undecodable record and goes on', async () => {
    await harness.bus.append([{ topic: topics.ocppEvents, key: 'CP-1', value: new Uint8Array([0, 0, 0, 0, 99, 1, 2]) }]);
    await harness.appendEvents([booted({ charger: 'CP-1', at: t0 }, 'ABB', 'Terra 54', '1.8.0')]);

    await harness.waitForCount('SELECT count() AS n FROM ocpp_events', 1);

    const dead = await readAll(harness, deadLetterTopicOf(topics.ocppEvents), 1);
    expect(dead.map((record) => [record.key, record.headers[deadLetterHeaders.group]])).toEqual([
      ['CP-1', 'switchyard-history-events'],
    ]);
    expect(dead[0]?.headers[deadLetterHeaders.error]).toMatch(/SwitchyardError/);
  });

  it('archives the good records of a fetch around an undecodable one, which is dead-lettered', async () => {
    const values = [1, 2].map((sequence) => meterValuesFrame('CP-7', t0 + sequence, sequence));
    const [first, second] = await Promise.all(values.map((value) => harness.serde.encode(topics.ocppFrames, value)));
    const undecodable = new Uint8Array([0, 0, 0, 0, 99, 1, 2]);
    // One append, one key: the three records land in one stored batch and reach the archiver in one fetch.
    await harness.bus.append(
      [first, undecodable, second].map((value) => ({ topic: topics.ocppFrames, key: 'CP-7', value: value ?? null })),
    );

    await harness.waitUntilArchived(topics.ocppFrames);

    const rows = await harness.clickhouse.query<{ message_id: string }>(
      `SELECT message_id FROM ocpp_frames WHERE charger_id = 'CP-7' ORDER BY message_id`,
    );
    expect(rows.map((row) => row.message_id)).toEqual(['m-1', 'm-2']);
    const dead = await readAll(harness, deadLetterTopicOf(topics.ocppFrames), 1);
    expect(dead.map((record) => [record.key, record.headers[deadLetterHeaders.sourceOffset]])).toEqual([['CP-7', '1']]);
  });

  it('reports rows inserted and lag as metrics', async () => {
    await harness.appendFrames([meterValuesFrame('CP-1', t0, 1), meterValuesFrame('CP-1', t0 + 1, 2)]);
    await harness.waitForCount('SELECT count() AS n FROM ocpp_frames', 2);

    // The counter moves once the batch's checkpoint is written too, just after the rows became visible.
    await expect.poll(() => harness.metrics.metrics()).toMatch(/switchyard_history_rows_inserted_total\{table="ocpp_frames"\} 2/);
    const text = await harness.metrics.metrics();
    expect(text).toMatch(/switchyard_history_batch_write_seconds_count\{topic="switchyard.ocpp.frames"\} [1-9]/);
    expect(text).toMatch(/switchyard_history_consumer_lag\{topic="switchyard.ocpp.frames"\} 0/);
  });
});

async function readAll(harness: HistoryHarness, topic: string, count: number): Promise<BusRecord[]> {
  const records: BusRecord[] = [];
  let done: () => void = () => undefined;
  const received = new Promise<void>((resolve) => {
    done = resolve;
  });
  const subscription = await harness.bus.subscribe({
    group: `test-reader-${topic}`,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      records.push(record);
      if (records.length === count) done();
    },
  });
  await received;
  await subscription.stop();
  return records;
}
