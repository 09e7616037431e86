/**
 * The charger identity is the last path segment of the WebSocket URL. OCPP 2.0.1 (part 2, A00) and the
 * 1.6 security whitepaper limit it to 48 characters of identifierString (a-z A-Z 0-9 * - _ = : + | @ .),
 * and forbid ':' because the identity is the HTTP Basic user name, where ':' ends the user part.
 */
const maxChargerIdLength = 48;

const identifierCharacters = /^[A-Za-z0-9*\-_=+|@.]+$/;

export type ChargerIdParse = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: string };

export function parseChargerId(rawPathSegment: string): ChargerIdParse {
  let id: string;
  try {
    id = decodeURIComponent(rawPathSegment);
  } catch {
    return { ok: false, reason: 'charger id is not valid percent-encoding' };
  }
  if (id.length === 0) return { ok: false, reason: 'charger id is empty' };
  if (id.length > maxChargerIdLength) {
    return { ok: false, reason: `charger id is longer than ${maxChargerIdLength} characters` };
  }
  if (id.includes(':')) return { ok: false, reason: "charger id contains ':' (not allowed in a Basic auth user name)" };
  if (!identifierCharacters.test(id)) {
    return { ok: false, reason: 'charger id has characters outside the OCPP identifierString set' };
  }
  return { ok: true, id };
}
