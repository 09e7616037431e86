import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { CredentialsRole } from '../../services/ocpi/partners/partner.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { ChargerScript } from '../projectors/support/charger-script.ts';
import { ocpiRequest, pullAll, type OcpiReply } from './support/ocpi-test-client.ts';
import { validateOcpiObject } from './support/ocpi-spec-validation.ts';
import { cdrRecord, locationBody, sessionRecord, type Party } from './support/sender-records.ts';
import { emspRole, openSenderWorld, type SenderWorld } from './support/sender-world.ts';

const cpoRole = (country_code: string, party_id: string): CredentialsRole => ({ role: 'CPO', business_details: { name: 'Switchyard' }, country_code, party_id });
const nl: Party = { country_code: 'NL', party_id: 'SWY' };
const be: Party = { country_code: 'BE', party_id: 'SWY' };
const de: Party = { country_code: 'DE', party_id: 'EMS' };
const frA: Party = { country_code: 'FR', party_id: 'EMA' };
const frB: Party = { country_code: 'FR', party_id: 'EMB' };
const pageLimit = 5;
const t0 = Date.parse('2026-11-20T00:00:00.000Z');
const minute = (n: number) => t0 + n * 60_000;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

const tariffBody = (id: string) => ({ ...nl, id, currency: 'EUR', type: 'REGULAR', elements: [{ price_components: [{ type: 'ENERGY', price: 0.35, vat: 21, step_size: 1 }] }] });

const idsOf = (objects: readonly unknown[]) => objects.map((object) => (object as { id: string }).id);
const get = (url: string, token: string, headers: Readonly<Record<string, string>> = {}) => ocpiRequest({ method: 'GET', url, token, headers });
const refusal = (reply: OcpiReply) => ({ http: reply.httpStatus, status: reply.body?.status_code });

describe('OCPI sender modules: Locations, Sessions, CDRs and Tariffs pulled page by page', () => {
  let world: SenderWorld;
  let deToken: string;
  let frToken: string;
  let pendingToken: string;
  /** Ids in the order partners must see them: oldest last_updated first. */
  const deCdrIds = Array.from({ length: 12 }, (_, n) => `CDR-DE-${String(n).padStart(2, '0')}`);
  const beCdrIds = ['CDR-BE-0', 'CDR-BE-1'];

  beforeAll(async () => {
    world = await openSenderWorld({ pageLimit, cpoRoles: [cpoRole('NL', 'SWY'), cpoRole('BE', 'SWY')] });
    deToken = await world.addPartner('emsp-de', [emspRole('DE', 'EMS')]);
    frToken = await world.addPartner('emsp-fr', [emspRole('FR', 'EMA'), emspRole('FR', 'EMB')]);
    pendingToken = await world.addPartner('emsp-pending', [emspRole('IT', 'EMS')], 'PENDING');

    // Appended out of time order across parties, as 12 partitions deliver them.
    await world.append('switchyard.cdrs', [
      ...deCdrIds.map((id, n) => cdrRecord({ id, cpo: nl, emsp: de, lastUpdated: minute(n + 1) })).reverse(),
      ...beCdrIds.map((id, n) => cdrRecord({ id, cpo: be, emsp: de, lastUpdated: minute(30 + n) })),
      cdrRecord({ id: 'CDR-FR-0', cpo: nl, emsp: frA, lastUpdated: minute(5) }),
    ]);
    await world.append('switchyard.sessions', [
      ...Array.from({ length: 7 }, (_, n) => sessionRecord({ id: `SES-DE-${n}`, cpo: nl, emsp: de, lastUpdated: minute(n) })),
      sessionRecord({ id: 'SES-FR-A', cpo: nl, emsp: frA, lastUpdated: minute(1) }),
      sessionRecord({ id: 'SES-FR-B', cpo: nl, emsp: frB, lastUpdated: minute(2) }),
      // Later states of one session, and a session removed by a tombstone.
      sessionRecord({ id: 'SES-DE-1', cpo: nl, emsp: de, lastUpdated: minute(20) }, 'COMPLETED'),
      { key: 'NL/SWY/SES-DE-2', value: null },
    ]);
    await world.putLocation(locationBody(nl, 'LOC-B', 1), minute(2));
    await world.putLocation(locationBody(nl, 'LOC-A', 2), minute(1));
    await world.putLocation(locationBody(be, 'LOC-BE', 1), minute(3));
    await world.putLocation(locationBody({ country_code: 'DE', party_id: 'OTH' }, 'LOC-OTHER', 1), minute(4));
    for (const [n, id] of ['AC-2', 'AC-1', 'DC-1'].entries()) await world.putTariff(tariffBody(id), minute(n));
    // The bus readers follow the topics live: wait until what was appended is served.
    await eventually(async () => {
      const reply = await get(`${world.moduleBaseUrl}/sessions`, deToken);
      expect(reply.headers['x-total-count']).toBe('6');
    }, 15_000);
    await eventually(async () => expect((await get(`${world.moduleBaseUrl}/cdrs`, deToken)).headers['x-total-count']).toBe('14'), 15_000);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('given an eMSP, when it pulls every CDR page by page, then it gets its own CDRs of all our parties, oldest first, through Link headers', async () => {
    const pulled = await pullAll(`${world.moduleBaseUrl}/cdrs`, deToken);

    expect(idsOf(pulled.objects)).toEqual([...deCdrIds, ...beCdrIds]);
    expect(pulled.pages.map((page) => [page.objects.length, page.headers['x-total-count'], page.headers['x-limit']])).toEqual([
      [5, '14', '5'],
      [5, '14', '5'],
      [4, '14', '5'],
    ]);
    expect(pulled.pages.map((page) => page.headers['link'] ?? null)).toEqual([
      `<${world.moduleBaseUrl}/cdrs?offset=5&limit=5>; rel="next"`,
      `<${world.moduleBaseUrl}/cdrs?offset=10&limit=5>; rel="next"`,
      null,
    ]);
    const tokenParties = pulled.objects.map((cdr) => (cdr as { cdr_token: Party }).cdr_token).map((token) => `${token.country_code}/${token.party_id}`);
    expect(new Set(tokenParties)).toEqual(new Set(['DE/EMS']));
  });

  it('given an eMSP with two party ids, when it pulls sessions and CDRs, then it sees the charging of both parties and nobody else', async () => {
    expect(idsOf((await pullAll(`${world.moduleBaseUrl}/sessions`, frToken)).objects)).toEqual(['SES-FR-A', 'SES-FR-B']);
    expect(idsOf((await pullAll(`${world.moduleBaseUrl}/cdrs`, frToken)).objects)).toEqual(['CDR-FR-0']);
  });

  it('given a session that changed and one that was deleted, when sessions are pulled, then each shows once in its latest state, ordered by that state', async () => {
    const sessions = (await pullAll(`${world.moduleBaseUrl}/sessions`, deToken)).objects as readonly { id: string; status: string }[];
    expect(sessions.map((session) => `${session.id} ${session.status}`)).toEqual([
      'SES-DE-0 ACTIVE', 'SES-DE-3 ACTIVE', 'SES-DE-4 ACTIVE', 'SES-DE-5 ACTIVE', 'SES-DE-6 ACTIVE', 'SES-DE-1 COMPLETED',
    ]);
  });

  it('given date_from and date_to, when pulling, then date_from is inclusive, date_to exclusive, and every next Link keeps both', async () => {
    const query = `date_from=${encodeURIComponent(iso(minute(3)))}&date_to=${encodeURIComponent(iso(minute(10)))}&limit=2`;
    const pulled = await pullAll(`${world.moduleBaseUrl}/cdrs?${query}`, deToken);

    // CDR-DE-n was last updated at minute n + 1: minutes 3 to 9 are CDR-DE-02 to CDR-DE-08.
    expect(idsOf(pulled.objects)).toEqual(deCdrIds.slice(2, 9));
    expect(pulled.pages.map((page) => page.headers['x-total-count'])).toEqual(['7', '7', '7', '7']);
    const links = pulled.pages.flatMap((page) => (page.headers['link'] === undefined ? [] : [new URL(/<([^>]*)>/.exec(page.headers['link'])?.[1] ?? '')]));
    expect(links.map((link) => [link.searchParams.get('offset'), link.searchParams.get('limit'), link.searchParams.get('date_from'), link.searchParams.get('date_to')])).toEqual(
      [2, 4, 6].map((offset) => [String(offset), '2', iso(minute(3)), iso(minute(10))]),
    );
  });

  it('given a limit above ours, when pulling, then X-Limit shows the cap and the page holds no more', async () => {
    const reply = await get(`${world.moduleBaseUrl}/cdrs?limit=500&offset=12`, deToken);
    expect([reply.headers['x-limit'], reply.headers['x-total-count'], idsOf(reply.body?.data as unknown[])]).toEqual(['5', '14', beCdrIds]);
  });

  it('given OCPI-to headers, when pulling, then only that CPO party is served, and a party we do not serve is refused', async () => {
    const beOnly = await get(`${world.moduleBaseUrl}/cdrs`, deToken, { 'ocpi-to-country-code': 'BE', 'ocpi-to-party-id': 'SWY' });
    expect([idsOf(beOnly.body?.data as unknown[]), beOnly.headers['x-total-count']]).toEqual([beCdrIds, '2']);

    const elsewhere = await get(`${world.moduleBaseUrl}/cdrs`, deToken, { 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'XYZ' });
    expect(refusal(elsewhere)).toEqual({ http: 404, status: 2000 });
  });

  it('given malformed paging parameters, then the answer is 2001 and names the problem', async () => {
    for (const query of ['offset=-1', 'limit=0', 'date_from=yesterday', `date_from=${iso(minute(5))}&date_to=${iso(minute(1))}`]) {
      const reply = await get(`${world.moduleBaseUrl}/sessions?${query}`, deToken);
      expect({ query, ...refusal(reply) }).toEqual({ query, http: 400, status: 2001 });
    }
  });

  it('given no token, an unknown token or a partner still on token A, then the modules answer 401', async () => {
    const anonymous = await fetch(`${world.moduleBaseUrl}/cdrs`);
    expect(anonymous.status).toBe(401);
    expect(refusal(await get(`${world.moduleBaseUrl}/cdrs`, 'not-a-token'))).toEqual({ http: 401, status: 2000 });
    expect(refusal(await get(`${world.moduleBaseUrl}/locations`, pendingToken))).toEqual({ http: 401, status: 2000 });
  });

  it('given Locations of our parties and of another party, when pulled, then every partner gets ours as valid OCPI Locations without the charger mapping', async () => {
    for (const token of [deToken, frToken]) {
      const pulled = await pullAll(`${world.moduleBaseUrl}/locations`, token);
      expect(idsOf(pulled.objects)).toEqual(['LOC-A', 'LOC-B', 'LOC-BE']);
      for (const location of pulled.objects) expect(validateOcpiObject('Location', location).errors).toEqual([]);
    }
  });

  it('given a Location, when one Location, EVSE or Connector is asked for, then it is served, and an unknown one is 2003 with HTTP 404', async () => {
    const location = await get(`${world.moduleBaseUrl}/locations/LOC-A`, deToken);
    expect(location.body?.data).toMatchObject({ id: 'LOC-A', evses: [{ uid: 'CP-LOC-A-1', status: 'UNKNOWN' }, { uid: 'CP-LOC-A-2', status: 'UNKNOWN' }] });
    const evse = await get(`${world.moduleBaseUrl}/locations/LOC-A/CP-LOC-A-1`, deToken);
    expect(validateOcpiObject('EVSE', evse.body?.data).errors).toEqual([]);
    const connectorReply = await get(`${world.moduleBaseUrl}/locations/LOC-A/CP-LOC-A-1/1`, deToken);
    expect(connectorReply.body?.data).toMatchObject({ id: '1', standard: 'IEC_62196_T2' });

    for (const path of ['LOC-NONE', 'LOC-A/CP-LOC-A-9', 'LOC-A/CP-LOC-A-1/2', 'LOC-OTHER']) {
      expect({ path, ...refusal(await get(`${world.moduleBaseUrl}/locations/${path}`, deToken)) }).toEqual({ path, http: 404, status: 2003 });
    }
    const otherParty = await get(`${world.moduleBaseUrl}/locations/LOC-BE`, deToken, { 'ocpi-to-country-code': 'NL', 'ocpi-to-party-id': 'SWY' });
    expect(refusal(otherParty)).toEqual({ http: 404, status: 2003 });
  });

  it('given Tariffs, when pulled, then every partner gets them oldest first as valid OCPI Tariffs', async () => {
    const pulled = await pullAll(`${world.moduleBaseUrl}/tariffs`, frToken);
    expect(idsOf(pulled.objects)).toEqual(['AC-2', 'AC-1', 'DC-1']);
    for (const tariff of pulled.objects) expect(validateOcpiObject('Tariff', tariff).errors).toEqual([]);
  });

  it('given a charger reporting a status, then its Location carries the live EVSE status and moves to where its new last_updated puts it', async () => {
    const charging = new ChargerScript('CP-LOC-A').status({ at: minute(40), statusRaw: 'Charging', status: 'OCCUPIED', evseId: 1 });
    await world.bus.append([{ topic: topics.ocppEvents, key: charging.envelope.key, value: await world.serde.encode(topics.ocppEvents, charging) }]);

    const pulled = await eventually(async () => {
      const locations = await pullAll(`${world.moduleBaseUrl}/locations`, deToken);
      expect(idsOf(locations.objects)).toEqual(['LOC-B', 'LOC-BE', 'LOC-A']);
      return locations;
    }, 15_000);
    expect(pulled.objects.at(-1)).toMatchObject({ last_updated: iso(minute(40)), evses: [{ uid: 'CP-LOC-A-1', status: 'CHARGING', last_updated: iso(minute(40)) }, { uid: 'CP-LOC-A-2', status: 'UNKNOWN' }] });
    const since = await pullAll(`${world.moduleBaseUrl}/locations?date_from=${encodeURIComponent(iso(minute(40)))}`, deToken);
    expect(idsOf(since.objects)).toEqual(['LOC-A']);
  });
});
