import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';

/** Where a command goes: the OCPP charger, and the EVSE / connector on it when the command names them. */
export interface ChargerTarget {
  readonly chargerId: string;
  /** The OCPP EVSE id (1.6: the connectorId); null lets the charger choose. */
  readonly evseId: number | null;
  readonly connectorId: number | null;
}

export type TargetResolution =
  | { readonly ok: true; readonly target: ChargerTarget }
  | { readonly ok: false; readonly reason: 'unknown_location' | 'ambiguous_charger'; readonly message: string };

/**
 * Finds the charger behind a Location (one of ours), EVSE and connector through the EVSE's `switchyard`
 * extension. Without an EVSE the location must be one charger, which then picks the EVSE itself.
 */
export function resolveTarget(location: OcpiLocation | undefined, evseUid: string | undefined, connectorId: string | undefined): TargetResolution {
  if (location === undefined) return { ok: false, reason: 'unknown_location', message: 'unknown location' };
  if (evseUid === undefined) {
    const chargers = [...new Set(location.evses.map((evse) => evse.switchyard.charger_id))];
    const [only, ...others] = chargers;
    if (only === undefined) return { ok: false, reason: 'unknown_location', message: `location ${location.id} has no EVSEs` };
    if (others.length > 0) return { ok: false, reason: 'ambiguous_charger', message: `location ${location.id} has several chargers: name the EVSE` };
    return { ok: true, target: { chargerId: only, evseId: null, connectorId: null } };
  }
  const evse = location.evses.find((candidate) => candidate.uid === evseUid);
  if (evse === undefined) return { ok: false, reason: 'unknown_location', message: `location ${location.id} has no EVSE ${evseUid}` };
  const target = { chargerId: evse.switchyard.charger_id, evseId: evse.switchyard.evse_id };
  if (connectorId === undefined) return { ok: true, target: { ...target, connectorId: null } };
  // Switchyard's OCPI connector ids are the OCPP connector ids as text.
  const connector = evse.connectors.find((candidate) => candidate.id === connectorId);
  if (connector === undefined) return { ok: false, reason: 'unknown_location', message: `EVSE ${evseUid} has no connector ${connectorId}` };
  return { ok: true, target: { ...target, connectorId: Number(connector.id) } };
}
