import { deadLetterTopicOf, type TopicSpec } from './event-bus.ts';

const day = 24 * 60 * 60 * 1000;
const forever = -1;

/**
 * Every topic Switchyard owns, in one place. Kafka topics are created from this list, the mock cluster
 * pre-creates it, and the embedded log reads cleanup policies from it.
 */
export const topics = {
  ocppFrames: 'switchyard.ocpp.frames',
  ocppEvents: 'switchyard.ocpp.events',
  ocppCommands: 'switchyard.ocpp.commands',
  chargers: 'switchyard.chargers',
  routes: 'switchyard.routes',
  /** Observers behind on a charger's calls (tombstone: live again), so a restarted gateway still catches them up. */
  gatewayObserverPositions: 'switchyard.gateway.observer-positions',
  gatewayHeldCalls: 'switchyard.gateway.held-calls',
  sessions: 'switchyard.sessions',
  cdrs: 'switchyard.cdrs',
  locations: 'switchyard.locations',
  tariffs: 'switchyard.tariffs',
  tokens: 'switchyard.tokens',
  ocpiTraffic: 'switchyard.ocpi.traffic',
  ocpiPartners: 'switchyard.ocpi.partners',
  /** Where each partner keeps the CDRs it accepted from our push (their Location header). */
  ocpiCdrDeliveries: 'switchyard.ocpi.cdr-deliveries',
  /** eMSP reservations chargers accepted (tombstone: cancelled or expired), so any OCPI instance can cancel them. */
  ocpiReservations: 'switchyard.ocpi.reservations',
  /** START_SESSION / RESERVE_NOW tokens allowed at a charger without asking the eMSP (tombstone: expired). */
  ocpiCommandGrants: 'switchyard.ocpi.command-grants',
  /** The EVSE status each partner last accepted, so a restart PATCHes what a partner missed. */
  ocpiEvseStatusDeliveries: 'switchyard.ocpi.evse-status-deliveries',
  /** Transaction id blocks reserved by edge instances: a record's offset is the block number. */
  edgeTransactionIdBlocks: 'switchyard.edge.transaction-id-blocks',
} as const;

export type TopicName = (typeof topics)[keyof typeof topics];

const partitionsForChargerTraffic = 12;

const declared: readonly TopicSpec[] = [
  { name: topics.ocppFrames, partitions: partitionsForChargerTraffic, cleanupPolicy: 'delete', retentionMs: 30 * day },
  { name: topics.ocppEvents, partitions: partitionsForChargerTraffic, cleanupPolicy: 'delete', retentionMs: forever },
  { name: topics.ocppCommands, partitions: partitionsForChargerTraffic, cleanupPolicy: 'delete', retentionMs: 7 * day },
  { name: topics.chargers, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.routes, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.gatewayObserverPositions, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.gatewayHeldCalls, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.sessions, partitions: partitionsForChargerTraffic, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.cdrs, partitions: partitionsForChargerTraffic, cleanupPolicy: 'delete', retentionMs: forever },
  { name: topics.locations, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.tariffs, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.tokens, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.ocpiTraffic, partitions: 4, cleanupPolicy: 'delete', retentionMs: 90 * day },
  { name: topics.ocpiPartners, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.ocpiCdrDeliveries, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.ocpiReservations, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.ocpiCommandGrants, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  { name: topics.ocpiEvseStatusDeliveries, partitions: 1, cleanupPolicy: 'compact', retentionMs: forever },
  // One partition, so offsets are one global sequence; the records themselves are never read back.
  { name: topics.edgeTransactionIdBlocks, partitions: 1, cleanupPolicy: 'delete', retentionMs: 7 * day },
];

/** The catalogue with each topic's dead-letter twin (kept forever: nothing accepted is lost). */
export const topicCatalogue: readonly TopicSpec[] = declared.flatMap((spec) => [
  spec,
  { name: deadLetterTopicOf(spec.name), partitions: 1, cleanupPolicy: 'delete', retentionMs: forever },
]);
