import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { cdr, creditCdr, ocpiExchange } from './support/ocpi-records.ts';
import { openHistoryHarness, type HistoryHarness } from './support/history-harness.ts';

const day = Date.parse('2026-11-20T00:00:00.000Z');
const hour = 3_600_000;

/** 21% VAT, rounded to the cent; 0.35 EUR/kWh excl. VAT everywhere, so every port earns 0.35 per kWh. */
const cdr1 = cdr({ id: 'CDR-1', evseUid: 'CP-1-1', startedAt: day + 8 * hour, endedAt: day + 9 * hour, energyKwh: 20, cost: { exclVat: 7, inclVat: 8.47 } });
const cdr2 = cdr({ id: 'CDR-2', evseUid: 'CP-1-1', startedAt: day + 12 * hour, endedAt: day + 12.5 * hour, energyKwh: 10, cost: { exclVat: 3.5, inclVat: 4.24 } });
const cdr3 = cdr({ id: 'CDR-3', evseUid: 'CP-1-2', startedAt: day + 10 * hour, endedAt: day + 11 * hour, energyKwh: 30, cost: { exclVat: 10.5, inclVat: 12.71 } });
// The session behind CDR-3 was corrected: CDR-3 is credited and re-issued with 25 kWh.
const cdr3Credit = creditCdr(cdr3, day + 14 * hour);
const cdr3Reissued = cdr({ id: 'CDR-3-2', evseUid: 'CP-1-2', startedAt: day + 10 * hour, endedAt: day + 11 * hour, energyKwh: 25, cost: { exclVat: 8.75, inclVat: 10.59 } });
// Next day, another site, no VAT on the CDR.
const cdr4 = cdr({ id: 'CDR-4', evseUid: 'CP-2-1', locationId: 'LOC-2', startedAt: day + 30 * hour, endedAt: day + 31 * hour, energyKwh: 15, cost: { exclVat: 5.25, inclVat: null } });
const cdrs = [cdr1, cdr2, cdr3, cdr3Credit, cdr3Reissued, cdr4];

const cdrsUrl = 'https://emsp.example/ocpi/2.2.1/cdrs';
const exchanges = [
  ocpiExchange(day + 9 * hour + 2_000, {
    method: 'POST',
    url: cdrsUrl,
    module: 'cdrs',
    request_id: 'req-1',
    request_body: '{"id":"CDR-1"}',
    request_headers: { 'x-request-id': 'req-1' },
    response_headers: { location: `${cdrsUrl}/8821` },
  }),
  // The eMSP answered HTTP 200 but refused the CDR in the OCPI envelope.
  ocpiExchange(day + 12.5 * hour + 2_000, {
    method: 'POST',
    url: cdrsUrl,
    module: 'cdrs',
    request_id: 'req-2',
    request_body: '{"id":"CDR-2"}',
    ocpi_status_code: 2001,
    response_body: '{"status_code":2001,"status_message":"Invalid or missing parameters"}',
  }),
  // The retry never got an answer.
  ocpiExchange(day + 12.5 * hour + 62_000, {
    method: 'POST',
    url: cdrsUrl,
    module: 'cdrs',
    request_id: 'req-3',
    request_body: '{"id":"CDR-2"}',
    http_status: null,
    ocpi_status_code: null,
    response_body: null,
    error: 'timeout after 30000 ms',
    duration_ms: null,
  }),
  // Someone called with a token no partner holds.
  ocpiExchange(day + 13 * hour, {
    direction: 'INBOUND',
    party: null,
    method: 'GET',
    url: 'https://switchyard.example/ocpi/2.2.1/locations',
    module: 'locations',
    http_status: 401,
    ocpi_status_code: 2004,
    response_body: '{"status_code":2004,"status_message":"Unknown token"}',
  }),
];

/**
 * CDRs and OCPI traffic go through the bus and the history service twice (as after a producer retry): the
 * revenue must count each CDR once, and a credit must cancel the CDR it reverses.
 */
describe('history archives CDRs and OCPI traffic', () => {
  let harness: HistoryHarness;
  const query = (sql: string) => harness.clickhouse.query(sql);

  beforeAll(async () => {
    harness = await openHistoryHarness();
    await harness.append(topics.cdrs, cdrs);
    await harness.append(topics.cdrs, cdrs);
    await harness.append(topics.ocpiTraffic, exchanges);
    await harness.append(topics.ocpiTraffic, exchanges);
    await harness.waitUntilArchived(topics.cdrs);
    await harness.waitUntilArchived(topics.ocpiTraffic);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('keeps one cdrs row per CDR id, with owner, token and costs as columns', async () => {
    expect(await query('SELECT count() AS n FROM cdrs FINAL')).toEqual([{ n: '6' }]);
    expect(
      await query(`SELECT cdr_id, evse_uid, total_energy_kwh, total_cost_excl_vat, total_cost_incl_vat, credit, credit_reference_id,
                          token_uid, toUnixTimestamp64Milli(end_date_time) AS ended
                   FROM cdrs FINAL WHERE cdr_id LIKE 'CDR-3%' ORDER BY cdr_id`),
    ).toEqual([
      { cdr_id: 'CDR-3', evse_uid: 'CP-1-2', total_energy_kwh: 30, total_cost_excl_vat: 10.5, total_cost_incl_vat: 12.71, credit: false, credit_reference_id: null, token_uid: 'TOKEN-1', ended: String(day + 11 * hour) },
      { cdr_id: 'CDR-3-2', evse_uid: 'CP-1-2', total_energy_kwh: 25, total_cost_excl_vat: 8.75, total_cost_incl_vat: 10.59, credit: false, credit_reference_id: null, token_uid: 'TOKEN-1', ended: String(day + 11 * hour) },
      { cdr_id: 'CDR-3-C', evse_uid: 'CP-1-2', total_energy_kwh: 30, total_cost_excl_vat: -10.5, total_cost_incl_vat: -12.71, credit: true, credit_reference_id: 'CDR-3', token_uid: 'TOKEN-1', ended: String(day + 11 * hour) },
    ]);
  });

  it('revenue per port: credits cancel what they reverse; a CDR without VAT counts its net amount', async () => {
    expect(await query('SELECT * FROM kpi_port_revenue ORDER BY location_id, evse_uid')).toEqual([
      // 7.00 + 3.50 for 20 + 10 kWh
      { location_id: 'LOC-1', evse_uid: 'CP-1-1', connector_id: '1', currency: 'EUR', billed_sessions: '2', credits: '0', energy_kwh: 30, revenue_excl_vat: 10.5, revenue_incl_vat: 12.71, revenue_per_kwh_excl_vat: 0.35, first_day: '2026-11-20', last_day: '2026-11-20' },
      // 10.50 - 10.50 + 8.75 for 30 - 30 + 25 kWh: the corrected session, once
      { location_id: 'LOC-1', evse_uid: 'CP-1-2', connector_id: '1', currency: 'EUR', billed_sessions: '1', credits: '1', energy_kwh: 25, revenue_excl_vat: 8.75, revenue_incl_vat: 10.59, revenue_per_kwh_excl_vat: 0.35, first_day: '2026-11-20', last_day: '2026-11-20' },
      { location_id: 'LOC-2', evse_uid: 'CP-2-1', connector_id: '1', currency: 'EUR', billed_sessions: '1', credits: '0', energy_kwh: 15, revenue_excl_vat: 5.25, revenue_incl_vat: 5.25, revenue_per_kwh_excl_vat: 0.35, first_day: '2026-11-21', last_day: '2026-11-21' },
    ]);
  });

  it('revenue per port and day', async () => {
    expect(await query('SELECT day, evse_uid, billed_sessions, energy_kwh, revenue_excl_vat FROM kpi_port_revenue_daily ORDER BY day, evse_uid')).toEqual([
      { day: '2026-11-20', evse_uid: 'CP-1-1', billed_sessions: '2', energy_kwh: 30, revenue_excl_vat: 10.5 },
      { day: '2026-11-20', evse_uid: 'CP-1-2', billed_sessions: '1', energy_kwh: 25, revenue_excl_vat: 8.75 },
      { day: '2026-11-21', evse_uid: 'CP-2-1', billed_sessions: '1', energy_kwh: 15, revenue_excl_vat: 5.25 },
    ]);
  });

  it('keeps every OCPI exchange once, the unidentified caller under an empty party', async () => {
    expect(
      await query(`SELECT country_code, party_id, direction, method, module, http_status, ocpi_status_code, error
                   FROM ocpi_exchanges FINAL ORDER BY started_at`),
    ).toEqual([
      { country_code: 'DE', party_id: 'EMS', direction: 'OUTBOUND', method: 'POST', module: 'cdrs', http_status: 200, ocpi_status_code: 1000, error: null },
      { country_code: 'DE', party_id: 'EMS', direction: 'OUTBOUND', method: 'POST', module: 'cdrs', http_status: 200, ocpi_status_code: 2001, error: null },
      { country_code: 'DE', party_id: 'EMS', direction: 'OUTBOUND', method: 'POST', module: 'cdrs', http_status: null, ocpi_status_code: null, error: 'timeout after 30000 ms' },
      { country_code: '', party_id: '', direction: 'INBOUND', method: 'GET', module: 'locations', http_status: 401, ocpi_status_code: 2004, error: null },
    ]);
  });

  it('keeps the headers: where the partner stored a pushed CDR', async () => {
    expect(await query(`SELECT request_headers['x-request-id'] AS request_id, response_headers['location'] AS location FROM ocpi_exchanges FINAL WHERE request_id = 'req-1'`)).toEqual([
      { request_id: 'req-1', location: `${cdrsUrl}/8821` },
    ]);
  });

  it('settles a dispute: every delivery attempt of one CDR to the partner, and what came back', async () => {
    expect(
      await query(`SELECT formatDateTime(started_at, '%H:%i:%S') AS at, request_id, http_status, ocpi_status_code,
                          ifNull(JSONExtractString(response_body, 'status_message'), error) AS answer
                   FROM ocpi_exchanges FINAL
                   WHERE country_code = 'DE' AND party_id = 'EMS' AND module = 'cdrs' AND JSONExtractString(request_body, 'id') = 'CDR-2'
                   ORDER BY started_at`),
    ).toEqual([
      { at: '12:30:02', request_id: 'req-2', http_status: 200, ocpi_status_code: 2001, answer: 'Invalid or missing parameters' },
      { at: '12:31:02', request_id: 'req-3', http_status: null, ocpi_status_code: null, answer: 'timeout after 30000 ms' },
    ]);
  });
});
