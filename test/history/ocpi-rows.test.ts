import { describe, expect, it } from 'vitest';
import { cdrRows } from '../../services/history/cdr-rows.ts';
import { ocpiExchangeRows } from '../../services/history/ocpi-exchange-rows.ts';
import { cdr, creditCdr, ocpiExchange } from './support/ocpi-records.ts';

const at = Date.parse('2026-11-20T08:00:00.000Z');
const issued = cdr({ id: 'CDR-1', evseUid: 'CP-1-2', startedAt: at, endedAt: at + 3_600_000, energyKwh: 20, cost: { exclVat: 7, inclVat: 8.47 } });

describe('cdrRows', () => {
  it('given an issued CDR, one cdrs row keyed by owner and id, with token and total_cost flattened', () => {
    const rows = cdrRows(issued);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.table).toBe('cdrs');
    expect(rows[0]?.values).toMatchObject({
      country_code: 'NL',
      party_id: 'SWY',
      cdr_id: 'CDR-1',
      event_id: issued.envelope.event_id,
      evse_uid: 'CP-1-2',
      token_country_code: 'DE',
      token_party_id: 'EMS',
      token_uid: 'TOKEN-1',
      contract_id: 'DE-EMS-C00001',
      total_cost_excl_vat: 7,
      total_cost_incl_vat: 8.47,
      total_energy_kwh: 20,
      start_date_time: at,
      end_date_time: at + 3_600_000,
      credit: false,
      credit_reference_id: null,
      recorded_at: issued.envelope.recorded_at,
      object_json: issued.payload.object_json,
    });
  });

  it('given a credit CDR, its negated costs and the id it reverses', () => {
    const [row] = cdrRows(creditCdr(issued, at + 7_200_000));

    expect(row?.values).toMatchObject({
      cdr_id: 'CDR-1-C',
      total_cost_excl_vat: -7,
      total_cost_incl_vat: -8.47,
      credit: true,
      credit_reference_id: 'CDR-1',
    });
  });
});

describe('ocpiExchangeRows', () => {
  it.each([
    ['an identified partner', { country_code: 'DE', party_id: 'EMS' }, { country_code: 'DE', party_id: 'EMS' }],
    ['no identified party', null, { country_code: '', party_id: '' }],
  ] as const)('given an exchange with %s, the party columns are %o', (_case, party, expected) => {
    const exchange = ocpiExchange(at, {
      method: 'GET',
      url: 'https://emsp.example/ocpi/2.2.1/tokens',
      module: 'tokens',
      party,
      response_headers: { 'x-total-count': '2' },
    });

    const rows = ocpiExchangeRows(exchange);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.table).toBe('ocpi_exchanges');
    expect(rows[0]?.values).toMatchObject({
      ...expected,
      event_id: exchange.envelope.event_id,
      direction: 'OUTBOUND',
      method: 'GET',
      module: 'tokens',
      http_status: 200,
      ocpi_status_code: 1000,
      started_at: at,
      request_headers: {},
      response_headers: { 'x-total-count': '2' },
      source_instance: 'ocpi-1',
    });
  });
});
