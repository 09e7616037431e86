import { z } from 'zod';
import { countryCode, dateTime, displayText, partyId, price, text } from './common-fields.ts';

const timeOfDay = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected HH:MM');
const date = z.string().regex(/^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'expected YYYY-MM-DD');

const priceComponent = z.strictObject({
  type: z.enum(['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME']),
  price: z.number().nonnegative(),
  vat: z.number().nonnegative().optional(),
  step_size: z.number().int().positive('step_size is at least 1'),
});

const restrictions = z.strictObject({
  start_time: timeOfDay.optional(),
  end_time: timeOfDay.optional(),
  start_date: date.optional(),
  end_date: date.optional(),
  min_kwh: z.number().nonnegative().optional(),
  max_kwh: z.number().nonnegative().optional(),
  min_current: z.number().nonnegative().optional(),
  max_current: z.number().nonnegative().optional(),
  min_power: z.number().nonnegative().optional(),
  max_power: z.number().nonnegative().optional(),
  min_duration: z.number().int().nonnegative().optional(),
  max_duration: z.number().int().nonnegative().optional(),
  day_of_week: z.array(z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'])).optional(),
  reservation: z.enum(['RESERVATION', 'RESERVATION_EXPIRES']).optional(),
});

/** The OCPI 2.2.1 Tariff object (module Tariffs, object table 11.3.1). */
export const tariffObject = z.strictObject({
  country_code: countryCode,
  party_id: partyId,
  id: text(36),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code'),
  type: z.enum(['AD_HOC_PAYMENT', 'PROFILE_CHEAP', 'PROFILE_FAST', 'PROFILE_GREEN', 'REGULAR']).optional(),
  tariff_alt_text: z.array(displayText).optional(),
  tariff_alt_url: z.url().optional(),
  min_price: price.optional(),
  max_price: price.optional(),
  elements: z.array(z.strictObject({ price_components: z.array(priceComponent).min(1, 'at least one price component'), restrictions: restrictions.optional() })).min(1, 'at least one tariff element'),
  start_date_time: dateTime.optional(),
  end_date_time: dateTime.optional(),
  energy_mix: z.looseObject({ is_green_energy: z.boolean() }).optional(),
  last_updated: dateTime.optional(),
});

export type OcpiTariff = z.infer<typeof tariffObject> & { readonly last_updated: string };
