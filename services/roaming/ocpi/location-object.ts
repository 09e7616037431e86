import { z } from 'zod';
import { countryCode, dateTime, displayText, partyId, text } from './common-fields.ts';

export const evseStatuses = ['AVAILABLE', 'BLOCKED', 'CHARGING', 'INOPERATIVE', 'OUTOFORDER', 'PLANNED', 'REMOVED', 'RESERVED', 'UNKNOWN'] as const;
export type EvseStatus = (typeof evseStatuses)[number];

const connectorStandards = [
  'CHADEMO', 'CHAOJI', 'DOMESTIC_A', 'DOMESTIC_B', 'DOMESTIC_C', 'DOMESTIC_D', 'DOMESTIC_E', 'DOMESTIC_F', 'DOMESTIC_G',
  'DOMESTIC_H', 'DOMESTIC_I', 'DOMESTIC_J', 'DOMESTIC_K', 'DOMESTIC_L', 'DOMESTIC_M', 'DOMESTIC_N', 'DOMESTIC_O', 'GBT_AC',
  'GBT_DC', 'IEC_60309_2_single_16', 'IEC_60309_2_three_16', 'IEC_60309_2_three_32', 'IEC_60309_2_three_64', 'IEC_62196_T1',
  'IEC_62196_T1_COMBO', 'IEC_62196_T2', 'IEC_62196_T2_COMBO', 'IEC_62196_T3A', 'IEC_62196_T3C', 'NEMA_5_20', 'NEMA_6_30',
  'NEMA_6_50', 'NEMA_10_30', 'NEMA_10_50', 'NEMA_14_30', 'NEMA_14_50', 'PANTOGRAPH_BOTTOM_UP', 'PANTOGRAPH_TOP_DOWN',
  'TESLA_R', 'TESLA_S',
] as const;

const capabilities = [
  'CHARGING_PROFILE_CAPABLE', 'CHARGING_PREFERENCES_CAPABLE', 'CHIP_CARD_SUPPORT', 'CONTACTLESS_CARD_SUPPORT',
  'CREDIT_CARD_PAYABLE', 'DEBIT_CARD_PAYABLE', 'PED_TERMINAL', 'REMOTE_START_STOP_CAPABLE', 'RESERVABLE', 'RFID_READER',
  'START_SESSION_CONNECTOR_REQUIRED', 'TOKEN_GROUP_CAPABLE', 'UNLOCK_CAPABLE',
] as const;

const facilities = [
  'HOTEL', 'RESTAURANT', 'CAFE', 'MALL', 'SUPERMARKET', 'SPORT', 'RECREATION_AREA', 'NATURE', 'MUSEUM', 'BIKE_SHARING',
  'BUS_STOP', 'TAXI_STAND', 'TRAM_STOP', 'METRO_STATION', 'TRAIN_STATION', 'AIRPORT', 'PARKING_LOT', 'CARPOOL_PARKING',
  'FUEL_STATION', 'WIFI',
] as const;

const geoLocation = z.strictObject({
  latitude: z.string().regex(/^-?[0-9]{1,2}\.[0-9]{5,7}$/, 'expected decimal degrees with 5 to 7 decimals, e.g. "52.37403"'),
  longitude: z.string().regex(/^-?[0-9]{1,3}\.[0-9]{5,7}$/, 'expected decimal degrees with 5 to 7 decimals, e.g. "4.88969"'),
});

/**
 * OCPI connector ids are free text; Switchyard uses the OCPP connector id (1.6: always "1", one connector
 * per EVSE; 2.0.1: the connectorId within the EVSE), so sessions and statuses find their connector.
 */
const connector = z.strictObject({
  id: z.string().regex(/^[1-9][0-9]{0,2}$/, 'expected the OCPP connector id as text ("1" for OCPP 1.6)'),
  standard: z.enum(connectorStandards),
  format: z.enum(['SOCKET', 'CABLE']),
  power_type: z.enum(['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC']),
  max_voltage: z.number().int().positive(),
  max_amperage: z.number().int().positive(),
  max_electric_power: z.number().int().positive().optional(),
  tariff_ids: z.array(text(36)).optional(),
  terms_and_conditions: z.url().optional(),
  last_updated: dateTime.optional(),
});

/** Switchyard's extension of the EVSE: which OCPP charger and EVSE it is. */
export const evseMapping = z.strictObject({
  charger_id: text(48),
  evse_id: z.number({ error: 'expected the OCPP EVSE id (1.6: the connectorId)' }).int().min(1, 'OCPP EVSE ids start at 1'),
});
export type EvseMapping = z.infer<typeof evseMapping>;

const evse = z.strictObject({
  uid: text(36).optional(),
  evse_id: z.string().regex(/^[A-Z]{2}\*?[A-Z0-9]{3}\*?E[A-Z0-9*]{1,30}$/i, 'expected an eMI3 EVSE id, e.g. NL*SWY*E12345').optional(),
  status: z.enum(evseStatuses).optional(),
  status_schedule: z.array(z.looseObject({ period_begin: dateTime, status: z.enum(evseStatuses) })).optional(),
  capabilities: z.array(z.enum(capabilities)).optional(),
  connectors: z.array(connector).min(1, 'an EVSE has at least one connector'),
  floor_level: text(4).optional(),
  coordinates: geoLocation.optional(),
  physical_reference: text(16).optional(),
  directions: z.array(displayText).optional(),
  parking_restrictions: z.array(z.enum(['EV_ONLY', 'PLUGGED', 'DISABLED', 'CUSTOMERS', 'MOTORCYCLES'])).optional(),
  images: z.array(z.looseObject({ url: z.url(), category: z.string(), type: z.string() })).optional(),
  last_updated: dateTime.optional(),
  switchyard: evseMapping,
});

/** The OCPI 2.2.1 Location object (module Locations, object table 8.3.1), as the operator enters it. */
export const locationObject = z.strictObject({
  country_code: countryCode,
  party_id: partyId,
  id: text(36),
  publish: z.boolean(),
  publish_allowed_to: z.array(z.looseObject({})).optional(),
  name: text(255).optional(),
  address: text(45),
  city: text(45),
  postal_code: text(10).optional(),
  state: text(20).optional(),
  country: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'),
  coordinates: geoLocation,
  related_locations: z.array(z.looseObject({ latitude: z.string(), longitude: z.string() })).optional(),
  parking_type: z.enum(['ALONG_MOTORWAY', 'PARKING_GARAGE', 'PARKING_LOT', 'ON_DRIVEWAY', 'ON_STREET', 'UNDERGROUND_GARAGE']).optional(),
  evses: z.array(evse).optional(),
  directions: z.array(displayText).optional(),
  operator: z.looseObject({ name: text(100) }).optional(),
  suboperator: z.looseObject({ name: text(100) }).optional(),
  owner: z.looseObject({ name: text(100) }).optional(),
  facilities: z.array(z.enum(facilities)).optional(),
  time_zone: z.string().refine(isIanaTimeZone, 'expected an IANA time zone, e.g. Europe/Amsterdam'),
  opening_times: z.looseObject({ twentyfourseven: z.boolean() }).optional(),
  charging_when_closed: z.boolean().optional(),
  images: z.array(z.looseObject({ url: z.url(), category: z.string(), type: z.string() })).optional(),
  energy_mix: z.looseObject({ is_green_energy: z.boolean() }).optional(),
  last_updated: dateTime.optional(),
});

type LocationInput = z.infer<typeof locationObject>;
type EvseInput = NonNullable<LocationInput['evses']>[number];
type ConnectorInput = EvseInput['connectors'][number];

export type OcpiConnector = ConnectorInput & { readonly last_updated: string };
export type OcpiEvse = Omit<EvseInput, 'connectors'> & {
  readonly uid: string;
  readonly status: EvseStatus;
  readonly connectors: readonly OcpiConnector[];
  readonly last_updated: string;
};
/** A stored Location: every last_updated, EVSE uid and status filled in. */
export type OcpiLocation = Omit<LocationInput, 'evses'> & { readonly evses: readonly OcpiEvse[]; readonly last_updated: string };

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
