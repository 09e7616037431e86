import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { subjectOfTopic } from '../../services/core/serde/avro-schema.ts';
import { writeWireHeader } from '../../services/core/serde/wire-format.ts';
import { readGoldenVersions } from '../schemas/golden.ts';
import { frameRowValues } from './support/frame-row-values.ts';
import { openHistoryHarness, type HistoryHarness } from './support/history-harness.ts';

/** Every ocpp_frames column as JSON-comparable values: times as epoch milliseconds. */
const frameColumnsSql = `
  SELECT event_id, charger_id, connection_id, direction, protocol, message_type, message_id, action, text,
         toUnixTimestamp64Milli(received_at) AS received_at, toUnixTimestamp64Milli(recorded_at) AS recorded_at,
         validation, error_code, error_description, quirks_applied, source_instance, upstream,
         relayed_upstreams, relayed_roles, relayed_message_ids
  FROM ocpp_frames ORDER BY event_id`;

// The versions share example event ids, so each is archived into a table of its own (a fresh harness).
const versions = await readGoldenVersions(subjectOfTopic(topics.ocppFrames));

describe('history archives frames as they were written (Avro bodies read by ClickHouse)', () => {
  let harness: HistoryHarness;

  beforeEach(async () => {
    harness = await openHistoryHarness();
  });

  afterEach(async () => {
    await harness.close();
  });

  it('knows the versions before relays and upstreams were added', () => {
    expect(versions.map((golden) => golden.version)).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it.each(versions.map((golden) => [golden.version, golden] as const))(
    "stores frames written by version %i as today's reader decodes them, missing fields at their defaults",
    async (_version, golden) => {
    // Registering the versions before it in order, as the registry saw them, so its id is its own.
    for (const earlier of versions.filter((other) => other.version <= golden.version)) {
      await harness.registry.register(subjectOfTopic(topics.ocppFrames), earlier.schema);
    }
    const schemaId = await harness.registry.register(subjectOfTopic(topics.ocppFrames), golden.schema);
    const values = golden.examples.map((example) => {
      const header = Buffer.alloc(5);
      writeWireHeader(header, schemaId);
      return Buffer.concat([header, Buffer.from(example.avro_base64, 'base64')]);
    });
    const decoded = await Promise.all(values.map((value) => harness.serde.decode(topics.ocppFrames, value)));

    await harness.bus.append(values.map((value, index) => ({ topic: topics.ocppFrames, key: decoded[index]?.envelope.key ?? '', value })));
    await harness.waitUntilArchived(topics.ocppFrames);

    const stored = await harness.clickhouse.query(frameColumnsSql, { settings: { output_format_json_quote_64bit_integers: 0 } });
    const expected = decoded
      .map((event) => frameRowValues(event))
      .sort((a, b) => String(a['event_id']).localeCompare(String(b['event_id'])));
    expect(stored).toEqual(expected);
    },
  );
});
