import { z } from 'zod';
import { SwitchyardError } from '../core/errors.ts';

/**
 * The OCPI 2.2.1 Tariff object, as far as pricing needs it. Parsing keeps unknown fields in `source`, so
 * the CDR can carry the tariff exactly as it was published.
 */
const dimensionType = z.enum(['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME']);
const dayOfWeek = z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']);
const timeOfDay = z.string().regex(/^([0-1][0-9]|2[0-3]):[0-5][0-9]$/);
const date = z.string().regex(/^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/);
const price = z.object({ excl_vat: z.number(), incl_vat: z.number().optional() });

const priceComponent = z.object({
  type: dimensionType,
  price: z.number().nonnegative(),
  vat: z.number().nonnegative().optional(),
  step_size: z.number().int().positive(),
});

const restrictions = z.object({
  start_time: timeOfDay.optional(),
  end_time: timeOfDay.optional(),
  start_date: date.optional(),
  end_date: date.optional(),
  min_kwh: z.number().optional(),
  max_kwh: z.number().optional(),
  min_current: z.number().optional(),
  max_current: z.number().optional(),
  min_power: z.number().optional(),
  max_power: z.number().optional(),
  min_duration: z.number().int().optional(),
  max_duration: z.number().int().optional(),
  day_of_week: z.array(dayOfWeek).optional(),
  reservation: z.enum(['RESERVATION', 'RESERVATION_EXPIRES']).optional(),
});

const tariffElement = z.object({
  price_components: z.array(priceComponent).min(1),
  restrictions: restrictions.optional(),
});

const tariff = z.object({
  country_code: z.string(),
  party_id: z.string(),
  id: z.string(),
  currency: z.string().length(3),
  min_price: price.optional(),
  max_price: price.optional(),
  elements: z.array(tariffElement).min(1),
  start_date_time: z.string().optional(),
  end_date_time: z.string().optional(),
  last_updated: z.string(),
});

export type TariffDimensionType = z.infer<typeof dimensionType>;
export type DayOfWeek = z.infer<typeof dayOfWeek>;
export type OcpiPrice = z.infer<typeof price>;
export type PriceComponent = z.infer<typeof priceComponent>;
export type TariffRestrictions = z.infer<typeof restrictions>;
export type TariffElement = z.infer<typeof tariffElement>;

export interface Tariff extends z.infer<typeof tariff> {
  /** The object as published, unknown fields included. */
  readonly source: Readonly<Record<string, unknown>>;
}

/** Parses the OCPI Tariff JSON text carried in TariffRecord.object_json. */
export function parseTariff(objectJson: string): Tariff {
  let raw: unknown;
  try {
    raw = JSON.parse(objectJson);
  } catch (error) {
    throw new SwitchyardError('pricing.invalid_tariff', 'tariff object_json is not JSON', { retriable: false, cause: error });
  }
  const parsed = tariff.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new SwitchyardError('pricing.invalid_tariff', `not an OCPI 2.2.1 tariff: ${problems}`, { retriable: false });
  }
  return { ...parsed.data, source: raw as Record<string, unknown> };
}
