import type { CdrRecord } from '../core/events/generated-types.ts';
import type { ArchiveRow } from './archive-row.ts';

/** An issued CDR as its cdrs row: owner, token and total_cost flattened; the OCPI object kept as JSON. */
export function cdrRows(record: CdrRecord): ArchiveRow[] {
  const { envelope, payload: cdr } = record;
  return [
    {
      table: 'cdrs',
      values: {
        country_code: cdr.owner.country_code,
        party_id: cdr.owner.party_id,
        cdr_id: cdr.id,
        event_id: envelope.event_id,
        session_id: cdr.session_id,
        start_date_time: cdr.start_date_time,
        end_date_time: cdr.end_date_time,
        token_country_code: cdr.cdr_token.country_code,
        token_party_id: cdr.cdr_token.party_id,
        token_uid: cdr.cdr_token.uid,
        token_type: cdr.cdr_token.type,
        contract_id: cdr.cdr_token.contract_id,
        auth_method: cdr.auth_method,
        location_id: cdr.location_id,
        evse_uid: cdr.evse_uid,
        connector_id: cdr.connector_id,
        currency: cdr.currency,
        total_cost_excl_vat: cdr.total_cost.excl_vat,
        total_cost_incl_vat: cdr.total_cost.incl_vat,
        total_energy_kwh: cdr.total_energy_kwh,
        total_time_hours: cdr.total_time_hours,
        total_parking_time_hours: cdr.total_parking_time_hours,
        tariff_ids: cdr.tariff_ids,
        credit: cdr.credit,
        credit_reference_id: cdr.credit_reference_id,
        last_updated: cdr.last_updated,
        recorded_at: envelope.recorded_at,
        object_json: cdr.object_json,
      },
    },
  ];
}
