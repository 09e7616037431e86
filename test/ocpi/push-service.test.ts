import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { startMockEmsp, type MockEmsp } from './support/mock-emsp.ts';
import { startOcpiHarness, type OcpiHarness } from './support/ocpi-harness.ts';
import { appendRecords, cdrRecord, sessionRecord } from './support/sender-records.ts';

const cpo = { country_code: 'NL', party_id: 'SWY' };
const emspParty = { country_code: 'DE', party_id: 'EMS' };

interface PartnerWithPush {
  readonly id: string;
  readonly push: { readonly channels: Record<string, { last_success_at: string | null; backlog: number | null }>; readonly last_cdr_location: string | null } | null;
}

let harness: OcpiHarness;
let emsp: MockEmsp;

beforeEach(async () => {
  harness = await startOcpiHarness();
  emsp = await startMockEmsp();
});

afterEach(async () => {
  await harness.stop();
  await emsp.close();
});

describe('push in the OCPI service', () => {
  it('starts when we register with an eMSP, and GET /api/ocpi/partners shows its health and where the eMSP keeps our CDR', async () => {
    const registered = await harness.admin('POST', '/ocpi/registrations', { versions_url: emsp.versionsUrl, token: emsp.tokenA });
    expect(registered.status).toBe(201);
    const partnerId = (registered.body as PartnerWithPush).id;

    const lastUpdated = Date.now();
    await appendRecords(harness.bus, harness.serde, topics.sessions, [sessionRecord({ id: 'SES-1', cpo, emsp: emspParty, lastUpdated })]);
    await appendRecords(harness.bus, harness.serde, topics.cdrs, [cdrRecord({ id: 'CDR-1', cpo, emsp: emspParty, lastUpdated })]);
    await emsp.waitFor((request) => request.module === 'cdrs' && request.method === 'POST');
    await emsp.waitFor((request) => request.module === 'sessions' && request.method === 'PUT');

    const pushOf = async () => ((await harness.admin('GET', '/ocpi/partners')).body as PartnerWithPush[]).find((partner) => partner.id === partnerId)?.push;
    await expect.poll(async () => (await pushOf())?.last_cdr_location).toBe(`${emsp.endpointUrl('cdrs')}/NL/SWY/CDR-1`);
    const push = await pushOf();
    expect(Object.keys(push?.channels ?? {}).sort()).toEqual(['cdrs', 'evse-statuses', 'locations', 'sessions', 'tariffs']);
    expect(push?.channels['sessions']?.last_success_at).toEqual(expect.any(String));
    expect(push?.channels['cdrs']?.last_success_at).toEqual(expect.any(String));
  });
});
