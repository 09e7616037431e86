/**
 * The roaming side of the seeded week (test/history/seed-history.ts): a CDR for every finished session of
 * the OCPP traffic, priced per kWh, with a few sessions corrected (credit CDR + re-issue), and the OCPI
 * exchanges that pushed those CDRs to two eMSPs, with refusals and timeouts that a retry then fixed.
 * Its own seeded PRNG, so the OCPP traffic (and the README's other outputs) stay as they were.
 */
import type { CdrRecord, OcpiExchangeRecord, OcppEvent, OcppEventPayloadBranches } from '../../../services/core/events/generated-types.ts';
import { openUnion } from '../../../services/core/events/union.ts';
import { cdr, creditCdr, ocpiExchange } from './ocpi-records.ts';

export interface RoamingTraffic {
  readonly cdrs: CdrRecord[];
  readonly exchanges: OcpiExchangeRecord[];
}

interface Started {
  readonly transactionId: string;
  readonly charger: string;
  readonly evseId: number;
  readonly startedAt: number;
  readonly meterStartWh: number;
  readonly token: string;
}

/** EUR per kWh excl. VAT: DC chargers cost more than the AC wallbox. */
const pricePerKwh: Readonly<Record<string, number>> = { 'CP-003': 0.39, 'CP-006': 0.39, 'CP-009': 0.39, 'CP-012': 0.39 };
const dcPricePerKwh = 0.59;
const vat = 0.21;
const emsps = [
  { country_code: 'DE', party_id: 'EMS' },
  { country_code: 'NL', party_id: 'EMP' },
] as const;

const cents = (amount: number): number => Math.round(amount * 100) / 100;

export function roamingTraffic(events: readonly OcppEvent[], random: () => number): RoamingTraffic {
  const started = new Map<string, Started>();
  const traffic: RoamingTraffic = { cdrs: [], exchanges: [] };
  for (const event of events) {
    const { kind, value } = openUnion<OcppEventPayloadBranches>(event.payload);
    if (kind === 'io.switchyard.ocpp.TransactionStarted') {
      started.set(value.transaction_id, {
        transactionId: value.transaction_id,
        charger: event.envelope.key,
        evseId: value.evse_id,
        startedAt: value.started_at,
        meterStartWh: value.meter_start_wh ?? 0,
        token: value.id_token?.value ?? 'TOKEN-0',
      });
    } else if (kind === 'io.switchyard.ocpp.TransactionEnded') {
      const session = started.get(value.transaction_id);
      if (session !== undefined) sessionCdrs(session, value.stopped_at, (value.meter_stop_wh ?? 0) - session.meterStartWh, random, traffic);
    }
  }
  return traffic;
}

function sessionCdrs(session: Started, endedAt: number, energyWh: number, random: () => number, traffic: RoamingTraffic): void {
  const site = Math.ceil(Number(session.charger.slice(3)) / 3);
  const price = pricePerKwh[session.charger] ?? dcPricePerKwh;
  const issue = (id: string, kwh: number): CdrRecord => {
    const exclVat = cents(kwh * price);
    return cdr({
      id,
      evseUid: `${session.charger}-${session.evseId}`,
      locationId: `LOC-${String(site).padStart(2, '0')}`,
      startedAt: session.startedAt,
      endedAt,
      energyKwh: kwh,
      cost: { exclVat, inclVat: cents(exclVat * (1 + vat)) },
      tokenUid: session.token,
    });
  };
  const emsp = emsps[Number(session.token.replace(/\D/g, '')) % emsps.length] ?? emsps[0];
  const original = issue(`CDR-${session.transactionId}`, energyWh / 1000);
  traffic.cdrs.push(original);
  pushes(original, emsp, endedAt, random, traffic);
  // About one session in 25 is corrected a day later (a late meter value): credit it, issue it again.
  if (random() < 0.04) {
    const correctedAt = endedAt + 24 * 3_600_000;
    const credit = creditCdr(original, correctedAt);
    const reissued = issue(`${original.payload.id}-2`, Math.round(energyWh * 0.9) / 1000);
    traffic.cdrs.push(credit, reissued);
    pushes(credit, emsp, correctedAt, random, traffic);
    pushes(reissued, emsp, correctedAt + 1_000, random, traffic);
  }
}

/** POSTs a CDR to the eMSP; a refusal (2001) or a timeout is retried a minute later, and the retry succeeds. */
function pushes(record: CdrRecord, party: (typeof emsps)[number], at: number, random: () => number, traffic: RoamingTraffic): void {
  const url = `https://${party.party_id.toLowerCase()}.example/ocpi/2.2.1/cdrs`;
  const body = JSON.stringify({ id: record.payload.id });
  const sentAt = at + 2_000;
  const outcome = random();
  const push = (when: number, attempt: Partial<Parameters<typeof ocpiExchange>[1]>) =>
    traffic.exchanges.push(
      ocpiExchange(when, {
        method: 'POST',
        url,
        module: 'cdrs',
        party,
        request_id: `${record.payload.id}-${when}`,
        request_body: body,
        duration_ms: 30 + Math.floor(random() * 200),
        ...attempt,
      }),
    );
  if (outcome < 0.03) {
    push(sentAt, { ocpi_status_code: 2001, response_body: '{"status_code":2001,"status_message":"Invalid or missing parameters"}' });
  } else if (outcome < 0.05) {
    push(sentAt, { http_status: null, ocpi_status_code: null, response_body: null, error: 'timeout after 30000 ms', duration_ms: 30_000 });
  }
  push(outcome < 0.05 ? sentAt + 60_000 : sentAt, {});
}
