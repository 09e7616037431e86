import type { OcpiEvse, OcpiLocation } from '../../../roaming/ocpi/location-object.ts';

type PublicEvse = Omit<OcpiEvse, 'switchyard'>;
export type PublicLocation = Omit<OcpiLocation, 'evses'> & { readonly evses: readonly PublicEvse[] };

/** The EVSE as partners see it: without Switchyard's charger mapping, which is no OCPI field. */
export function publicEvse(evse: OcpiEvse): PublicEvse {
  const { switchyard: _mapping, ...rest } = evse;
  return rest;
}

export function publicLocation(location: OcpiLocation): PublicLocation {
  return { ...location, evses: location.evses.map(publicEvse) };
}
