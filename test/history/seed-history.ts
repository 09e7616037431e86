/**
 * Seeds a realistic week of charger traffic, with its CDRs and their OCPI pushes, through the real path
 * (embedded bus -> history -> chDB) and
 * prints the analyst example queries of infra/clickhouse/README.md with their output, as Markdown.
 *
 *   npx tsx test/history/seed-history.ts [data-dir]
 *
 * With a data dir the log, schema registry and chDB data stay there in the embedded layout, so
 * `SWITCHYARD_DATA_DIR=<data-dir> switchyard run` serves them on the analysts' SQL endpoint; without one
 * everything goes into a temporary directory that is removed afterwards. Deterministic (seeded PRNG).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { AuthorizationStatus, OcppEvent, OcppFrameEvent } from '../../services/core/events/generated-types.ts';
import { renderMarkdownTable } from '../bench/report.ts';
import { analystQueries } from './support/analyst-queries.ts';
import { openHistoryHarness } from './support/history-harness.ts';
import { roamingTraffic } from './support/roaming-seed.ts';
import {
  authorizationDecided,
  booted,
  commandAnswered,
  connected,
  disconnected,
  meterValuesFrame,
  statusChanged,
  transactionEnded,
  transactionStarted,
} from './support/ocpp-events.ts';

const weekStart = Date.parse('2026-11-16T00:00:00.000Z');
const days = 7;
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** mulberry32: a small seeded PRNG, so every run seeds the same data and the README output stays true. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface ChargerModel {
  readonly vendor: string;
  readonly model: string;
  readonly firmware: readonly string[];
  readonly ports: number;
}

const fleet: readonly ChargerModel[] = [
  { vendor: 'Alpitronic', model: 'HYC300', firmware: ['1.4.2', '1.5.0'], ports: 2 },
  { vendor: 'ABB', model: 'Terra 54', firmware: ['1.8.0'], ports: 2 },
  { vendor: 'Wallbox', model: 'Commander 2', firmware: ['5.17.1', '5.18.0'], ports: 1 },
];

interface Traffic {
  readonly events: OcppEvent[];
  readonly frames: OcppFrameEvent[];
}

function chargerWeek(charger: string, model: ChargerModel, random: () => number, traffic: Traffic): void {
  const upgradeDay = model.firmware.length > 1 && random() < 0.5 ? Math.floor(random() * days) : days;
  let connection = 0;
  let transaction = 0;
  let meterWh = Math.floor(random() * 1_000_000);
  let frameSequence = 0;
  // Whole milliseconds, as a real clock gives them.
  const when = (at: number, occurredAt?: number) => ({
    charger,
    at: Math.round(at),
    ...(occurredAt === undefined ? {} : { occurredAt: Math.round(occurredAt) }),
  });

  for (let dayIndex = 0; dayIndex < days; dayIndex += 1) {
    const dayStart = weekStart + dayIndex * day;
    const firmware = model.firmware[dayIndex >= upgradeDay ? 1 : 0] ?? '';
    // Each day: one connection from shortly after midnight; a flaky modem drops it for a while.
    const connectedAt = dayStart + Math.floor(random() * 10) * minute;
    const outage = random() < 0.25 ? { from: dayStart + (8 + Math.floor(random() * 10)) * hour, ms: (10 + Math.floor(random() * 170)) * minute } : undefined;
    const spans = outage === undefined ? [[connectedAt, dayStart + day - minute]] : [[connectedAt, outage.from], [outage.from + outage.ms, dayStart + day - minute]];
    for (const [from, to] of spans as [number, number][]) {
      connection += 1;
      const connectionId = `${charger}-conn-${connection}`;
      traffic.events.push(connected(when(from), connectionId), booted(when(from + 1_000), model.vendor, model.model, firmware));
      traffic.events.push(disconnected(when(to), connectionId, to - from));
    }

    for (let port = 1; port <= model.ports; port += 1) {
      let cursor = dayStart + (6 + random() * 2) * hour;
      const sessions = 2 + Math.floor(random() * 6);
      for (let index = 0; index < sessions && cursor < dayStart + 22 * hour; index += 1) {
        const token = `TOKEN-${Math.floor(random() * 40)}`;
        if (random() < 0.12) {
          const refused: AuthorizationStatus = random() < 0.5 ? 'INVALID' : random() < 0.5 ? 'BLOCKED' : 'EXPIRED';
          traffic.events.push(authorizationDecided(when(cursor - 2 * minute), `TOKEN-X${Math.floor(random() * 5)}`, refused));
        }
        traffic.events.push(authorizationDecided(when(cursor - minute), token, 'ACCEPTED'));
        const duration = (20 + Math.floor(random() * 160)) * minute;
        const energyWh = Math.round((duration / hour) * (7_000 + random() * 40_000));
        transaction += 1;
        const transactionId = `${charger}-${transaction}`;
        traffic.events.push(statusChanged(when(cursor), port, 'OCCUPIED'));
        traffic.events.push(transactionStarted(when(cursor), transactionId, port, meterWh, token));
        for (let sampleAt = cursor + 5 * minute; sampleAt < cursor + duration; sampleAt += 5 * minute) {
          frameSequence += 1;
          traffic.frames.push(meterValuesFrame(charger, Math.round(sampleAt), frameSequence));
        }
        meterWh += energyWh;
        traffic.events.push(transactionEnded(when(cursor + duration), transactionId, meterWh));
        traffic.events.push(statusChanged(when(cursor + duration + minute), port, 'AVAILABLE'));
        cursor += duration + (15 + random() * 120) * minute;
      }

      if (random() < 0.15) {
        const faultedAt = dayStart + (20 + random() * 3) * hour;
        const detectionMs = Math.floor(random() * 180) * 1_000;
        traffic.events.push(statusChanged(when(faultedAt, faultedAt - detectionMs), port, 'FAULTED', random() < 0.5 ? 'GroundFailure' : 'PowerSwitchFailure'));
        const remote = random() < 0.6;
        if (remote) {
          const action = random() < 0.5 ? 'Reset' : 'UnlockConnector';
          traffic.events.push(commandAnswered(when(faultedAt + 5 * minute), action, 'ACCEPTED', `${charger}-cmd-${dayIndex}-${port}`));
        }
        const repairMs = remote ? (8 + random() * 10) * minute : (1 + random() * 5) * hour;
        traffic.events.push(statusChanged(when(faultedAt + repairMs), port, 'AVAILABLE'));
      }
    }
  }
}

function seedTraffic(): Traffic {
  const random = seededRandom(20261116);
  const traffic: Traffic = { events: [], frames: [] };
  for (let index = 1; index <= 12; index += 1) {
    const model = fleet[index % fleet.length];
    if (model !== undefined) chargerWeek(`CP-${String(index).padStart(3, '0')}`, model, random, traffic);
  }
  return traffic;
}

const keptDirectory = process.argv[2];
const directory = keptDirectory ?? (await mkdtemp(path.join(os.tmpdir(), 'switchyard-seed-')));
const harness = await openHistoryHarness({ directory });
try {
  const traffic = seedTraffic();
  for (let start = 0; start < traffic.events.length; start += 2_000) await harness.appendEvents(traffic.events.slice(start, start + 2_000));
  for (let start = 0; start < traffic.frames.length; start += 2_000) await harness.appendFrames(traffic.frames.slice(start, start + 2_000));
  const roaming = roamingTraffic(traffic.events, seededRandom(20261122));
  await harness.append(topics.cdrs, roaming.cdrs);
  await harness.append(topics.ocpiTraffic, roaming.exchanges);
  await harness.waitUntilArchived(topics.ocppEvents, 120_000);
  await harness.waitUntilArchived(topics.ocppFrames, 120_000);
  await harness.waitUntilArchived(topics.cdrs, 120_000);
  await harness.waitUntilArchived(topics.ocpiTraffic, 120_000);
  process.stdout.write(
    `Seeded ${traffic.events.length} events, ${traffic.frames.length} frames, ${roaming.cdrs.length} CDRs and ${roaming.exchanges.length} OCPI exchanges.\n\n`,
  );
  for (const { title, sql } of analystQueries) {
    const rows = await harness.clickhouse.query(sql);
    const columns = Object.keys(rows[0] ?? {});
    const table = renderMarkdownTable({
      title,
      columns,
      rows: rows.map((row) => columns.map((column) => String(row[column] ?? 'NULL'))),
    });
    process.stdout.write(`${table.replace(/^### /, '#### ')}\n\n\`\`\`sql\n${sql.trim()}\n\`\`\`\n\n`);
  }
} finally {
  await harness.close();
  if (keptDirectory === undefined) await rm(directory, { recursive: true, force: true });
}
