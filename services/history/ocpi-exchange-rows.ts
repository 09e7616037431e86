import type { OcpiExchangeRecord } from '../core/events/generated-types.ts';
import type { ArchiveRow } from './archive-row.ts';

/** One OCPI HTTP exchange as its ocpi_exchanges row; an unidentified party is '' (the table is ordered by it). */
export function ocpiExchangeRows(record: OcpiExchangeRecord): ArchiveRow[] {
  const { envelope, payload: exchange } = record;
  return [
    {
      table: 'ocpi_exchanges',
      values: {
        country_code: exchange.party?.country_code ?? '',
        party_id: exchange.party?.party_id ?? '',
        started_at: exchange.started_at,
        event_id: envelope.event_id,
        direction: exchange.direction,
        method: exchange.method,
        url: exchange.url,
        module: exchange.module,
        request_id: exchange.request_id,
        ocpi_correlation_id: exchange.ocpi_correlation_id,
        request_body: exchange.request_body,
        http_status: exchange.http_status,
        ocpi_status_code: exchange.ocpi_status_code,
        response_body: exchange.response_body,
        error: exchange.error,
        duration_ms: exchange.duration_ms,
        request_headers: exchange.request_headers,
        response_headers: exchange.response_headers,
        recorded_at: envelope.recorded_at,
        source_instance: envelope.source.instance_id,
      },
    },
  ];
}
