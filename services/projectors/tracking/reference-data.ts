import { z } from 'zod';
import type { LocationRecord, PartyRef, TariffRecord, TokenRecord } from '../../core/events/generated-types.ts';
import { parseTariff, type Tariff } from '../../pricing/tariff.ts';
import { tokenKind } from '../../roaming/ocpi/token-kind.ts';
import { TokenIndex } from '../../roaming/tokens/token-index.ts';
import { ShardedMap } from './sharded-map.ts';

/**
 * Locations, tariffs and tokens, read from their compacted topics into the projector's state: inputs like
 * the charger events. They decide who owns a session, where it happened, which tariff prices it and which
 * eMSP issued its token.
 */
const connectorJson = z.object({
  id: z.string(),
  standard: z.string().optional(),
  format: z.string().optional(),
  power_type: z.string().optional(),
  tariff_ids: z.array(z.string()).optional(),
});
const evseJson = z.object({ uid: z.string(), evse_id: z.string().optional(), connectors: z.array(connectorJson).default([]) });
const locationJson = z.object({ evses: z.array(evseJson).default([]) });

export type ConnectorSnapshot = z.infer<typeof connectorJson>;
export type EvseSnapshot = z.infer<typeof evseJson>;

export interface LocationSnapshot {
  readonly owner: PartyRef;
  readonly id: string;
  readonly name: string | null;
  readonly address: string;
  readonly city: string;
  readonly postalCode: string | null;
  readonly country: string;
  readonly latitude: string;
  readonly longitude: string;
  readonly timeZone: string;
  readonly evses: readonly EvseSnapshot[];
}

export interface TariffEntry {
  readonly tariff: Tariff;
  readonly startsAt: number | null;
  readonly endsAt: number | null;
}

/** Structurally shared maps: a record costs the size of what it changes, not of all reference data. */
export interface ReferenceData {
  readonly tariffs: ShardedMap<TariffEntry>;
  readonly locations: ShardedMap<LocationSnapshot>;
  /** EVSE uid -> location key, for the charger traffic to find its location. */
  readonly locationByEvse: ShardedMap<string>;
  /** The eMSPs' tokens (switchyard.tokens), found the way the edge finds them when it authorizes. */
  readonly tokens: TokenIndex;
}

export const emptyReferenceData: ReferenceData = {
  tariffs: ShardedMap.empty(),
  locations: ShardedMap.empty(),
  locationByEvse: ShardedMap.empty(),
  tokens: TokenIndex.empty,
};

export type ReferenceUpdate = { readonly data: ReferenceData } | { readonly rejected: string };

export function partyKey(owner: PartyRef, id: string): string {
  return `${owner.country_code}/${owner.party_id}/${id}`;
}

/** A tombstone (null) deletes the tariff; sessions already bound to it keep the copy they were bound to. */
export function withTariff(data: ReferenceData, key: string, record: TariffRecord | null): ReferenceUpdate {
  if (record === null) return { data: { ...data, tariffs: data.tariffs.delete(key) } };
  try {
    const tariff = parseTariff(record.payload.object_json);
    const entry: TariffEntry = { tariff, startsAt: record.payload.start_date_time, endsAt: record.payload.end_date_time };
    return { data: { ...data, tariffs: data.tariffs.set(key, entry) } };
  } catch (error) {
    return { rejected: `tariff ${key}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Read as the edge reads it (token-view.ts), so both find the same tokens. */
export function withToken(data: ReferenceData, key: string, record: TokenRecord | null): ReferenceUpdate {
  if (record === null) return { data: { ...data, tokens: data.tokens.set(key, null) } };
  try {
    return { data: { ...data, tokens: data.tokens.set(key, tokenKind.fromPayload(record.payload)) } };
  } catch (error) {
    return { rejected: `token ${key}: object_json is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

export function withLocation(data: ReferenceData, key: string, record: LocationRecord | null): ReferenceUpdate {
  let locationByEvse = data.locationByEvse;
  for (const evse of data.locations.get(key)?.evses ?? []) {
    if (locationByEvse.get(evse.uid) === key) locationByEvse = locationByEvse.delete(evse.uid);
  }
  if (record === null) return { data: { ...data, locations: data.locations.delete(key), locationByEvse } };
  let parsed: z.infer<typeof locationJson>;
  try {
    parsed = locationJson.parse(JSON.parse(record.payload.object_json));
  } catch (error) {
    return { rejected: `location ${key}: object_json is not an OCPI location (${error instanceof Error ? error.message : String(error)})` };
  }
  const payload = record.payload;
  const location: LocationSnapshot = {
    owner: payload.owner,
    id: payload.id,
    name: payload.name,
    address: payload.address,
    city: payload.city,
    postalCode: payload.postal_code,
    country: payload.country,
    latitude: payload.latitude,
    longitude: payload.longitude,
    timeZone: payload.time_zone,
    evses: parsed.evses,
  };
  for (const evse of location.evses) locationByEvse = locationByEvse.set(evse.uid, key);
  return { data: { ...data, locations: data.locations.set(key, location), locationByEvse } };
}

/** Where a session takes place and what prices it, fixed when it starts (OCPI: a CDR shows the start's view). */
export interface Binding {
  readonly owner: PartyRef;
  readonly location: LocationSnapshot | null;
  readonly evse: EvseSnapshot | null;
  readonly connector: ConnectorSnapshot | null;
  readonly tariff: Tariff | null;
  readonly timeZone: string;
  readonly problems: readonly string[];
}

export interface BindingDefaults {
  /** The CPO itself: owner of sessions on EVSEs no Location names yet. */
  readonly ownParty: PartyRef;
  readonly timeZone: string;
}

export function bindSession(data: ReferenceData, defaults: BindingDefaults, evseUid: string, connectorId: string, at: number): Binding {
  const locationKey = data.locationByEvse.get(evseUid);
  const location = locationKey === undefined ? undefined : data.locations.get(locationKey);
  if (location === undefined) {
    return {
      owner: defaults.ownParty,
      location: null,
      evse: null,
      connector: null,
      tariff: null,
      timeZone: defaults.timeZone,
      problems: [`no location has EVSE ${evseUid}`],
    };
  }
  const evse = location.evses.find((candidate) => candidate.uid === evseUid) ?? null;
  const connectors = evse?.connectors ?? [];
  const connector = connectors.find((candidate) => candidate.id === connectorId) ?? (connectors.length === 1 ? (connectors[0] ?? null) : null);
  const tariff = firstValidTariff(data, location.owner, connector?.tariff_ids ?? [], at);
  return {
    owner: location.owner,
    location,
    evse,
    connector,
    tariff,
    timeZone: location.timeZone,
    problems: [
      ...(evse?.evse_id === undefined ? [`EVSE ${evseUid} of location ${location.id} has no evse_id: CDRs say #NA`] : []),
      ...(connector === null ? [`location ${location.id} has no connector ${connectorId} on EVSE ${evseUid}`] : []),
    ],
  };
}

function firstValidTariff(data: ReferenceData, owner: PartyRef, tariffIds: readonly string[], at: number): Tariff | null {
  for (const tariffId of tariffIds) {
    const entry = data.tariffs.get(partyKey(owner, tariffId));
    if (entry === undefined) continue;
    if (entry.startsAt !== null && at < entry.startsAt) continue;
    if (entry.endsAt !== null && at >= entry.endsAt) continue;
    return entry.tariff;
  }
  return null;
}
