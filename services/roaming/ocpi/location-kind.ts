import { evseUidOf } from '../../projectors/tracking/evse-uid.ts';
import { problemsOf } from './common-fields.ts';
import { locationObject, type OcpiEvse, type OcpiLocation } from './location-object.ts';
import { bodySchemaOf, isoOf, ownerOf, roamingKey, type RoamingKind } from './roaming-kind.ts';

/**
 * Locations as the operator enters them. Each EVSE names its OCPP charger and EVSE; its OCPI uid follows
 * from them (`<charger id>-<evse id>`, the rule the session projector uses), so it may be left out and
 * must match when given. Two EVSEs cannot be the same OCPP EVSE.
 */
export const locationKind: RoamingKind<'switchyard.locations', OcpiLocation> = {
  topic: 'switchyard.locations',
  singular: 'location',
  plural: 'locations',
  idField: 'id',
  bodySchema: bodySchemaOf(locationObject),
  idOf: (location) => location.id,
  keyOf: (location) => roamingKey(ownerOf(location), location.id),
  accept(body, at) {
    const parsed = locationObject.safeParse(body);
    if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
    const stamp = isoOf(at);
    const problems: string[] = [];
    const seenUids = new Set<string>();
    const evses: OcpiEvse[] = (parsed.data.evses ?? []).map((evse, index) => {
      const uid = evseUidOf(evse.switchyard.charger_id, evse.switchyard.evse_id);
      if (evse.uid !== undefined && evse.uid !== uid) problems.push(`evses.${index}.uid: must be ${uid} (charger id and OCPP EVSE id), got ${evse.uid}`);
      if (seenUids.has(uid)) problems.push(`evses.${index}.switchyard: charger ${evse.switchyard.charger_id} EVSE ${evse.switchyard.evse_id} is mapped twice`);
      seenUids.add(uid);
      const connectorIds = evse.connectors.map((connector) => connector.id);
      if (new Set(connectorIds).size !== connectorIds.length) problems.push(`evses.${index}.connectors: connector ids must be unique`);
      return {
        ...evse,
        uid,
        status: evse.status ?? 'UNKNOWN',
        connectors: evse.connectors.map((connector) => ({ ...connector, last_updated: stamp })),
        last_updated: stamp,
      };
    });
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, object: { ...parsed.data, evses, last_updated: stamp } };
  },
  toPayload: (location) => ({
    owner: ownerOf(location),
    id: location.id,
    publish: location.publish,
    name: location.name ?? null,
    address: location.address,
    city: location.city,
    postal_code: location.postal_code ?? null,
    country: location.country,
    latitude: location.coordinates.latitude,
    longitude: location.coordinates.longitude,
    time_zone: location.time_zone,
    evse_uids: location.evses.map((evse) => evse.uid),
    last_updated: Date.parse(location.last_updated),
    object_json: JSON.stringify(location),
  }),
  fromPayload: (payload) => JSON.parse(payload.object_json) as OcpiLocation,
};
