import { mkdtemp, rm } from 'node:fs/promises';
import type { AdminCall } from '../../support/admin-client.ts';
import { serveAdminApi } from '../../support/admin-server.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import type { OcppEvent, OcppFrameEvent } from '../../../services/core/events/generated-types.ts';
import { openUnion } from '../../../services/core/events/union.ts';
import { AdminApi } from '../../../services/core/http/admin-api.ts';
import { createAvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import type { SchemaTopic, Serde } from '../../../services/core/serde/serde.ts';
import { edgeDefaults, type EdgeConfig } from '../../../services/edge/edge-config.ts';
import { openEdge, type RunningEdge } from '../../../services/edge/main.ts';
import { acceptEveryToken } from '../../../services/edge/server/token-authority.ts';
import { openTestBus, type FaultyBus } from './test-bus.ts';

export const adminToken = 'test-admin-token-0123456789';

export interface TestEdge {
  readonly edge: RunningEdge;
  readonly serde: Serde;
  readonly wsUrl: string;
  readonly adminUrl: string;
  admin: AdminCall;
  close(): Promise<void>;
}

const edgeTopics: readonly SchemaTopic[] = [topics.ocppFrames, topics.ocppEvents, topics.ocppCommands, topics.chargers];

/** A Serde over a file schema registry in a fresh temp dir (removed by the returned cleanup). */
export async function openTestSerde(schemaTopics: readonly SchemaTopic[] = edgeTopics): Promise<{ serde: Serde; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-edge-serde-'));
  const registry = await openFileSchemaRegistry({ path: join(dir, 'schema-registry.json') });
  const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
  const serde = createAvroSerde({ registry, catalogue });
  // Registered up front, like startEdge does: no registry file write can outlive the test's cleanup.
  await serde.registerTopics(schemaTopics);
  return { serde, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The shared infrastructure of a test: the embedded log and a Serde, both in temp dirs. */
export interface TestWorld {
  readonly bus: FaultyBus;
  readonly serde: Serde;
  cleanup(): Promise<void>;
}

/** `schemaTopics`: the topics the Serde registers up front, the edge's by default. */
export async function openTestWorld(schemaTopics: readonly SchemaTopic[] = edgeTopics): Promise<TestWorld> {
  const { bus, cleanup: cleanupBus } = await openTestBus();
  const { serde, cleanup: cleanupSerde } = await openTestSerde(schemaTopics);
  return {
    bus,
    serde,
    async cleanup() {
      await cleanupBus();
      await cleanupSerde();
    },
  };
}

/** One edge instance on 127.0.0.1 ephemeral ports, with its admin API mounted like the real process does. */
export async function startTestEdge(options: {
  bus: EventBus;
  serde: Serde;
  instanceId?: string;
  config?: Partial<EdgeConfig>;
  /** To read the edge's metrics in a test. */
  metrics?: Registry;
}): Promise<TestEdge> {
  const logger = pino({ level: process.env['EDGE_TEST_LOG'] ?? 'silent' });
  const adminApi = new AdminApi({ token: adminToken, logger, version: 'test' });
  const edge = await openEdge({
    bus: options.bus,
    serde: options.serde,
    clock: systemClock,
    logger,
    metrics: options.metrics ?? new Registry(),
    admin: adminApi,
    config: {
      ...edgeDefaults,
      listeners: { plain: { host: '127.0.0.1', port: 0 } },
      logBatchDelayMs: 5,
      ...options.config,
    },
    instanceId: options.instanceId ?? 'edge-test',
    tokens: acceptEveryToken,
  });
  const served = await serveAdminApi(adminApi, adminToken);
  return {
    edge,
    serde: options.serde,
    wsUrl: `ws://127.0.0.1:${String(edge.plainPort)}/ocpp`,
    adminUrl: served.adminUrl,
    admin: served.admin,
    async close() {
      await served.close();
      await edge.close();
    },
  };
}

/** Everything on a topic so far, read through a throwaway subscription (the real consumer path). */
export async function readTopic(bus: EventBus, topic: string): Promise<{ key: string; value: Uint8Array | null }[]> {
  const ends = await bus.endOffsets(topic);
  const remaining = new Map(ends.filter((end) => end.offset > 0).map((end) => [end.partition, end.offset]));
  const records: { key: string; value: Uint8Array | null; partition: number; offset: number }[] = [];
  if (remaining.size === 0) return [];
  let done: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    done = resolve;
  });
  const subscription = await bus.subscribe({
    group: `edge-test-reader-${Math.random().toString(36).slice(2)}`,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      const end = remaining.get(record.partition);
      if (end === undefined || record.offset >= end) return;
      records.push({ key: record.key, value: record.value, partition: record.partition, offset: record.offset });
      if (record.offset + 1 >= end) remaining.delete(record.partition);
      if (remaining.size === 0) done();
    },
  });
  await caughtUp;
  await subscription.stop();
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

export interface DecodedFrame {
  readonly chargerId: string;
  readonly direction: 'IN' | 'OUT';
  readonly messageType: string;
  readonly messageId: string | null;
  readonly action: string | null;
  readonly text: string;
  readonly validation: string;
  readonly errorCode: string | null;
  /** null: the charger's socket; else the gateway's link to that upstream CSMS. */
  readonly upstream: string | null;
  /** On the charger's answer: the live copies of its CALL on the gateway's links. */
  readonly relayedAs: readonly { readonly upstream: string; readonly role: string; readonly messageId: string }[];
}

export async function framesOf(bus: EventBus, serde: Serde, chargerId: string): Promise<DecodedFrame[]> {
  const records = (await readTopic(bus, topics.ocppFrames)).filter((record) => record.key === chargerId);
  const frames: DecodedFrame[] = [];
  for (const record of records) {
    if (record.value === null) continue;
    const { payload }: OcppFrameEvent = await serde.decode(topics.ocppFrames, record.value);
    frames.push({
      chargerId: payload.charger_id,
      direction: payload.direction,
      messageType: payload.message_type,
      messageId: payload.message_id,
      action: payload.action,
      text: payload.text,
      validation: payload.validation.status,
      errorCode: payload.validation.error_code,
      upstream: payload.upstream,
      relayedAs: payload.relayed_as.map((relay) => ({ upstream: relay.upstream, role: relay.role, messageId: relay.message_id })),
    });
  }
  return frames;
}

export interface DecodedEvent {
  readonly type: string;
  readonly value: Record<string, unknown>;
  readonly envelope: OcppEvent['envelope'];
}

export async function eventsOf(bus: EventBus, serde: Serde, chargerId: string): Promise<DecodedEvent[]> {
  const records = (await readTopic(bus, topics.ocppEvents)).filter((record) => record.key === chargerId);
  const events: DecodedEvent[] = [];
  for (const record of records) {
    if (record.value === null) continue;
    const event: OcppEvent = await serde.decode(topics.ocppEvents, record.value);
    const { kind, value } = openUnion(event.payload);
    events.push({ type: String(kind).replace('io.switchyard.ocpp.', ''), value: value as unknown as Record<string, unknown>, envelope: event.envelope });
  }
  return events;
}

/** Polls until the check passes (records are appended in batches, a few ms after the frame). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
