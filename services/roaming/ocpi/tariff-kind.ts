import { problemsOf } from './common-fields.ts';
import { bodySchemaOf, isoOf, ownerOf, roamingKey, type RoamingKind } from './roaming-kind.ts';
import { tariffObject, type OcpiTariff } from './tariff-object.ts';

const epochOrNull = (dateTime: string | undefined): number | null => (dateTime === undefined ? null : Date.parse(dateTime));

export const tariffKind: RoamingKind<'switchyard.tariffs', OcpiTariff> = {
  topic: 'switchyard.tariffs',
  singular: 'tariff',
  plural: 'tariffs',
  idField: 'id',
  bodySchema: bodySchemaOf(tariffObject),
  idOf: (tariff) => tariff.id,
  keyOf: (tariff) => roamingKey(ownerOf(tariff), tariff.id),
  accept(body, at) {
    const parsed = tariffObject.safeParse(body);
    if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
    const { start_date_time: start, end_date_time: end } = parsed.data;
    if (start !== undefined && end !== undefined && Date.parse(end) <= Date.parse(start)) {
      return { ok: false, problems: ['end_date_time: must be after start_date_time'] };
    }
    return { ok: true, object: { ...parsed.data, last_updated: isoOf(at) } };
  },
  toPayload: (tariff) => ({
    owner: ownerOf(tariff),
    id: tariff.id,
    currency: tariff.currency,
    type: tariff.type ?? null,
    start_date_time: epochOrNull(tariff.start_date_time),
    end_date_time: epochOrNull(tariff.end_date_time),
    last_updated: Date.parse(tariff.last_updated),
    object_json: JSON.stringify(tariff),
  }),
  fromPayload: (payload) => JSON.parse(payload.object_json) as OcpiTariff,
};
