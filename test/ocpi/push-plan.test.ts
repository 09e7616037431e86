import { describe, expect, it } from 'vitest';
import type { CredentialsRole, Partner, PartnerEndpoint } from '../../services/ocpi/partners/partner.ts';
import { planCdrPush, planEvsePatch, planLocationPut, planSessionPush, planTariffDelete, planTariffPut, type PushPlan, type SessionOrCdr } from '../../services/ocpi/push/push-plan.ts';

const ours = [{ country_code: 'NL', party_id: 'SWY' }, { country_code: 'BE', party_id: 'SWB' }];
const role = (countryCode: string, partyId: string, kind: CredentialsRole['role'] = 'EMSP'): CredentialsRole => ({ role: kind, country_code: countryCode, party_id: partyId, business_details: { name: partyId } });
const receivers = (...modules: string[]): PartnerEndpoint[] => modules.map((module) => ({ identifier: module, role: 'RECEIVER', url: `https://emsp.example/ocpi/2.2.1/${module}/` }));

function partner(overrides: Partial<Partner> = {}): Partner {
  return {
    id: 'emsp-1',
    status: 'REGISTERED',
    incomingTokenHash: 'hash',
    outgoingToken: 'token-c',
    versionsUrl: 'https://emsp.example/ocpi/versions',
    version: '2.2.1',
    endpoints: receivers('sessions', 'cdrs', 'locations'),
    roles: [role('DE', 'EMS'), role('DE', 'EMT')],
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

const session = (owner = ours[0], tokenParty = { country_code: 'DE', party_id: 'EMT' }): SessionOrCdr => ({
  owner: owner ?? { country_code: 'NL', party_id: 'SWY' },
  id: 'SES 1',
  cdrToken: { ...tokenParty, uid: 'RFID-1', type: 'RFID', contract_id: 'DE-EMT-C1' },
  object: { id: 'SES 1', status: 'ACTIVE' },
});

const skipped = (reason: string): PushPlan => ({ kind: 'skip', reason });
const routing = (from: string, to: string) => ({
  from: { countryCode: from.slice(0, 2), partyId: from.slice(3) },
  to: { countryCode: to.slice(0, 2), partyId: to.slice(3) },
});

describe('which partner gets a session, and how', () => {
  const table: readonly { given: string; partner: Partner; session: SessionOrCdr; then: PushPlan }[] = [
    {
      given: 'the token belongs to the partner second party',
      partner: partner(),
      session: session(),
      then: { kind: 'send', request: { method: 'PUT', url: 'https://emsp.example/ocpi/2.2.1/sessions/NL/SWY/SES%201', module: 'sessions', body: { id: 'SES 1', status: 'ACTIVE' }, routing: routing('NL-SWY', 'DE-EMT') } },
    },
    {
      given: 'the session is owned by our second CPO party',
      partner: partner(),
      session: session(ours[1]),
      then: { kind: 'send', request: { method: 'PUT', url: 'https://emsp.example/ocpi/2.2.1/sessions/BE/SWB/SES%201', module: 'sessions', body: { id: 'SES 1', status: 'ACTIVE' }, routing: routing('BE-SWB', 'DE-EMT') } },
    },
    { given: 'the token belongs to another eMSP', partner: partner(), session: session(ours[0], { country_code: 'FR', party_id: 'OTH' }), then: skipped('not for this partner') },
    { given: 'the session is not ours', partner: partner(), session: session({ country_code: 'NL', party_id: 'XYZ' }), then: skipped('NL-XYZ is not one of our parties') },
    { given: 'the partner takes no sessions', partner: partner({ endpoints: receivers('cdrs') }), session: session(), then: skipped('partner has no sessions RECEIVER endpoint') },
    {
      given: 'the partner only sends sessions',
      partner: partner({ endpoints: [{ identifier: 'sessions', role: 'SENDER', url: 'https://emsp.example/sessions' }] }),
      session: session(),
      then: skipped('partner has no sessions RECEIVER endpoint'),
    },
    { given: 'the partner is pending', partner: partner({ status: 'PENDING' }), session: session(), then: skipped('partner is PENDING') },
    { given: 'the partner unregistered', partner: partner({ status: 'UNREGISTERED' }), session: session(), then: skipped('partner is UNREGISTERED') },
    { given: 'the partner speaks 2.1.1', partner: partner({ version: '2.1.1' }), session: session(), then: skipped('partner speaks OCPI 2.1.1') },
  ];
  it.each(table)('given $given', ({ partner: target, session: pushed, then }) => {
    expect(planSessionPush(ours, pushed, target)).toEqual(then);
  });
});

describe('CDRs', () => {
  it('are POSTed to the cdrs endpoint of the token owner, from the CDR owner', () => {
    expect(planCdrPush(ours, { ...session(), id: 'CDR-1', object: { id: 'CDR-1' } }, partner())).toEqual({
      kind: 'send',
      request: { method: 'POST', url: 'https://emsp.example/ocpi/2.2.1/cdrs', module: 'cdrs', body: { id: 'CDR-1' }, routing: routing('NL-SWY', 'DE-EMT') },
    });
  });

  it('of another eMSP token are not for this partner', () => {
    expect(planCdrPush(ours, session(ours[0], { country_code: 'FR', party_id: 'OTH' }), partner())).toEqual(skipped('not for this partner'));
  });
});

describe('locations and EVSE statuses go to every partner with a locations receiver', () => {
  const location = { owner: { country_code: 'NL', party_id: 'SWY' }, id: 'LOC-1', object: { id: 'LOC-1' } };
  const update = { locationOwner: location.owner, locationId: 'LOC-1', evseUid: 'CP-1-1', status: 'CHARGING', lastUpdated: '2026-11-21T10:00:00.000Z' };
  const table: readonly { given: string; partner: Partner; put: PushPlan; patch: PushPlan }[] = [
    {
      given: 'an eMSP: addressed as its first eMSP party',
      partner: partner({ roles: [role('DE', 'HUB', 'HUB'), role('DE', 'EMS'), role('DE', 'EMT')] }),
      put: { kind: 'send', request: { method: 'PUT', url: 'https://emsp.example/ocpi/2.2.1/locations/NL/SWY/LOC-1', module: 'locations', body: { id: 'LOC-1' }, routing: routing('NL-SWY', 'DE-EMS') } },
      patch: {
        kind: 'send',
        request: { method: 'PATCH', url: 'https://emsp.example/ocpi/2.2.1/locations/NL/SWY/LOC-1/CP-1-1', module: 'locations', body: { status: 'CHARGING', last_updated: '2026-11-21T10:00:00.000Z' }, routing: routing('NL-SWY', 'DE-EMS') },
      },
    },
    {
      given: 'a partner without an eMSP role: addressed as its first party',
      partner: partner({ roles: [role('DE', 'NAP', 'NAP')] }),
      put: { kind: 'send', request: { method: 'PUT', url: 'https://emsp.example/ocpi/2.2.1/locations/NL/SWY/LOC-1', module: 'locations', body: { id: 'LOC-1' }, routing: routing('NL-SWY', 'DE-NAP') } },
      patch: {
        kind: 'send',
        request: { method: 'PATCH', url: 'https://emsp.example/ocpi/2.2.1/locations/NL/SWY/LOC-1/CP-1-1', module: 'locations', body: { status: 'CHARGING', last_updated: '2026-11-21T10:00:00.000Z' }, routing: routing('NL-SWY', 'DE-NAP') },
      },
    },
    {
      given: 'a partner without a locations receiver',
      partner: partner({ endpoints: receivers('sessions') }),
      put: skipped('partner has no locations RECEIVER endpoint'),
      patch: skipped('partner has no locations RECEIVER endpoint'),
    },
    { given: 'a partner without roles', partner: partner({ roles: [] }), put: skipped('not for this partner'), patch: skipped('not for this partner') },
  ];
  it.each(table)('given $given', ({ partner: target, put, patch }) => {
    expect(planLocationPut(ours, location, target)).toEqual(put);
    expect(planEvsePatch(ours, update, target)).toEqual(patch);
  });
});

describe('tariffs go to every partner with a tariffs receiver: PUT while they exist, DELETE once removed', () => {
  const tariff = { owner: { country_code: 'NL', party_id: 'SWY' }, id: 'TAR 1', object: { id: 'TAR 1' } };
  const url = 'https://emsp.example/ocpi/2.2.1/tariffs/NL/SWY/TAR%201';
  const table: readonly { given: string; partner: Partner; tariff: typeof tariff; put: PushPlan; remove: PushPlan }[] = [
    {
      given: 'an eMSP with a tariffs receiver: addressed as its first eMSP party',
      partner: partner({ endpoints: receivers('tariffs'), roles: [role('DE', 'HUB', 'HUB'), role('DE', 'EMS')] }),
      tariff,
      put: { kind: 'send', request: { method: 'PUT', url, module: 'tariffs', body: { id: 'TAR 1' }, routing: routing('NL-SWY', 'DE-EMS') } },
      remove: { kind: 'send', request: { method: 'DELETE', url, module: 'tariffs', routing: routing('NL-SWY', 'DE-EMS') } },
    },
    {
      given: 'a partner without a tariffs receiver',
      partner: partner(),
      tariff,
      put: skipped('partner has no tariffs RECEIVER endpoint'),
      remove: skipped('partner has no tariffs RECEIVER endpoint'),
    },
    {
      given: 'a tariff of a party that is not ours',
      partner: partner({ endpoints: receivers('tariffs') }),
      tariff: { ...tariff, owner: { country_code: 'NL', party_id: 'XYZ' } },
      put: skipped('NL-XYZ is not one of our parties'),
      remove: skipped('NL-XYZ is not one of our parties'),
    },
    { given: 'a partner on 2.1.1', partner: partner({ endpoints: receivers('tariffs'), version: '2.1.1' }), tariff, put: skipped('partner speaks OCPI 2.1.1'), remove: skipped('partner speaks OCPI 2.1.1') },
  ];
  it.each(table)('given $given', ({ partner: target, tariff: pushed, put, remove }) => {
    expect(planTariffPut(ours, pushed, target)).toEqual(put);
    expect(planTariffDelete(ours, pushed, target)).toEqual(remove);
  });
});
