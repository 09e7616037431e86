import type { BusRecord } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { PartyRef } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { locationKind } from '../../roaming/ocpi/location-kind.ts';
import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import { ownerOf, parseRoamingKey } from '../../roaming/ocpi/roaming-kind.ts';
import { tariffKind } from '../../roaming/ocpi/tariff-kind.ts';
import { publicLocation } from '../modules/locations/public-location.ts';
import type { Partner } from '../partners/partner.ts';
import { locationToPush } from './location-to-push.ts';
import { planCdrPush, planLocationPut, planSessionPush, planTariffDelete, planTariffPut, type PushModule, type PushPlan } from './push-plan.ts';

export type RecordPlanner = (record: BusRecord, partner: Partner) => Promise<PushPlan>;

export const sourceTopics = { sessions: topics.sessions, cdrs: topics.cdrs, locations: topics.locations, tariffs: topics.tariffs } as const satisfies Record<PushModule, string>;

/** Per module: what a record of its source topic becomes for a partner (decoding is the only I/O). */
export function recordPlanners(deps: {
  readonly serde: Serde;
  readonly ours: readonly PartyRef[];
  /** The live Location by record key, whose EVSE statuses go into location PUTs. */
  readonly liveLocation: (key: string) => OcpiLocation | undefined;
}): Record<PushModule, RecordPlanner> {
  return {
    async sessions(record, partner) {
      if (record.value === null) return { kind: 'skip', reason: 'session deleted' };
      const { payload } = await deps.serde.decode(topics.sessions, record.value);
      const session = { owner: payload.owner, id: payload.id, cdrToken: payload.cdr_token, object: JSON.parse(payload.object_json) as unknown };
      return planSessionPush(deps.ours, session, partner);
    },
    async cdrs(record, partner) {
      if (record.value === null) return { kind: 'skip', reason: 'no CDR' };
      const { payload } = await deps.serde.decode(topics.cdrs, record.value);
      const cdr = { owner: payload.owner, id: payload.id, cdrToken: payload.cdr_token, object: JSON.parse(payload.object_json) as unknown };
      return planCdrPush(deps.ours, cdr, partner);
    },
    async locations(record, partner) {
      const stored = record.value === null ? undefined : locationKind.fromPayload((await deps.serde.decode(topics.locations, record.value)).payload);
      const location = locationToPush(stored, deps.liveLocation(record.key));
      if (location === undefined) return { kind: 'skip', reason: 'location unknown' };
      return planLocationPut(deps.ours, { owner: ownerOf(location), id: location.id, object: publicLocation(location) }, partner);
    },
    async tariffs(record, partner) {
      if (record.value === null) {
        const removed = parseRoamingKey(record.key);
        return removed === null ? { kind: 'skip', reason: `tariff key ${record.key} names no tariff` } : planTariffDelete(deps.ours, removed, partner);
      }
      const tariff = tariffKind.fromPayload((await deps.serde.decode(topics.tariffs, record.value)).payload);
      return planTariffPut(deps.ours, { owner: ownerOf(tariff), id: tariff.id, object: tariff }, partner);
    },
  };
}
