import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger } from '../edge/support/chargers.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { startMockEmsp, type MockEmsp } from './support/mock-emsp.ts';
import { startOcpiNode, type OcpiNode } from './support/ocpi-node.ts';
import { validateOcpiObject, type OcpiObjectKind } from './support/ocpi-spec-validation.ts';
import { ocpiRequest, type OcpiReply } from './support/ocpi-test-client.ts';
import { locationBody, type Party } from './support/sender-records.ts';

/**
 * What a strict eMSP integrator checks on the wire, beyond the modules' own tests: the HTTP status of each
 * kind of refusal (status codes chapter), and every object kind we answer with, in its envelope, against
 * the spec schemas (test/ocpi/spec-schemas).
 */

const ourParty: Party = { country_code: 'NL', party_id: 'SWY' };
const emspParty: Party = { country_code: 'DE', party_id: 'EMS' };
const token = {
  ...emspParty,
  uid: 'TAG-CONF',
  type: 'RFID',
  contract_id: 'DE-EMS-TAG-CONF',
  issuer: 'Mock eMSP',
  valid: true,
  whitelist: 'ALLOWED',
  last_updated: '2026-11-21T10:00:00Z',
};
const tariff = { ...ourParty, id: 'AC-1', currency: 'EUR', type: 'REGULAR', elements: [{ price_components: [{ type: 'ENERGY', price: 0.35, vat: 21, step_size: 1 }] }] };

const statusOf = (reply: OcpiReply) => ({ httpStatus: reply.httpStatus, statusCode: reply.body?.status_code });

/** The envelope's violations, then those of its data as `kind` (a list when `list`). */
function violationsOf(reply: OcpiReply, kind: OcpiObjectKind | null, list = false): readonly string[] {
  const envelope = validateOcpiObject('Response', reply.body).errors.map((error) => `envelope ${error}`);
  if (kind === null) return envelope;
  const data = reply.body?.data;
  if (!list) return [...envelope, ...validateOcpiObject(kind, data).errors];
  if (!Array.isArray(data) || data.length === 0) return [...envelope, `expected a non-empty list of ${kind}`];
  return [...envelope, ...data.flatMap((item, index) => validateOcpiObject(kind, item).errors.map((error) => `[${index}]${error}`))];
}

describe('OCPI 2.2.1 conformance as a strict eMSP sees it', () => {
  let node: OcpiNode;
  let emsp: MockEmsp;

  beforeAll(async () => {
    node = await startOcpiNode();
    emsp = await startMockEmsp();
    const issued = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
    await emsp.registerWith(issued.versions_url, issued.token);
    expect((await node.harness.admin('PUT', '/tariffs/AC-1', tariff)).status).toBe(201);
    expect((await node.harness.admin('PUT', '/locations/LOC-CONF', locationBody(ourParty, 'LOC-CONF', 1))).status).toBe(201);
    await eventually(async () => expect(statusOf(await emsp.callCpo('GET', 'locations', '/LOC-CONF'))).toEqual({ httpStatus: 200, statusCode: 1000 }));
    await eventually(async () => expect((await emsp.pullAll('tariffs')).objects).toHaveLength(1));
    expect(statusOf(await emsp.pushToken(token))).toEqual({ httpStatus: 201, statusCode: 1000 });
  });

  afterAll(async () => {
    await emsp?.close();
    await node?.stop();
  });

  describe('a method the resource does not take is HTTP 405 with Allow, in an envelope; an unknown path stays 404', () => {
    it.each([
      { given: 'PATCH on credentials (n/a in the credentials chapter)', method: 'PATCH', module: 'credentials', path: '', body: {}, allow: 'GET, POST, PUT, DELETE' },
      { given: 'DELETE on a token (tokens cannot be removed)', method: 'DELETE', module: 'tokens', path: '/DE/EMS/TAG-CONF', body: undefined, allow: 'GET, PUT, PATCH' },
      { given: 'POST on the locations list (a SENDER interface)', method: 'POST', module: 'locations', path: '', body: {}, allow: 'GET' },
      { given: 'PUT on one EVSE', method: 'PUT', module: 'locations', path: '/LOC-CONF/CP-LOC-CONF-1', body: {}, allow: 'GET' },
      { given: 'GET on a command', method: 'GET', module: 'commands', path: '/START_SESSION', body: undefined, allow: 'POST' },
    ] as const)('given $given, then 405 allowing $allow', async ({ method, module, path, body, allow }) => {
      const reply = await emsp.callCpo(method, module, path, body);
      expect({ ...statusOf(reply), allow: reply.headers['allow'] }).toEqual({ httpStatus: 405, statusCode: 2000, allow });
      expect(violationsOf(reply, null)).toEqual([]);
    });

    it('given POST on the versions list or on version details, then 405 allowing GET', async () => {
      const connection = emsp.cpo;
      if (connection === null) throw new Error('not registered');
      for (const url of [connection.versionsUrl, connection.versionsUrl.replace(/\/versions$/, '/2.2.1')]) {
        const reply = await ocpiRequest({ method: 'POST', url, token: connection.token, body: {} });
        expect({ url, ...statusOf(reply), allow: reply.headers['allow'] }).toEqual({ url, httpStatus: 405, statusCode: 2000, allow: 'GET' });
      }
    });

    it.each([
      { given: 'a path below a Connector', module: 'locations', path: '/LOC-CONF/CP-LOC-CONF-1/1/extra' },
      { given: 'one CDR (the CDRs SENDER has no single-object GET)', module: 'cdrs', path: '/CDR-1' },
    ])('given $given, then 404', async ({ module, path }) => {
      expect(statusOf(await emsp.callCpo('GET', module, path))).toEqual({ httpStatus: 404, statusCode: 2000 });
    });

    it('given a PUT of charging preferences (no EVSE of ours is CHARGING_PREFERENCES_CAPABLE), then 404 with 2001 as the sessions chapter asks', async () => {
      const preferences = { profile_type: 'FAST', departure_time: '2026-11-21T18:00:00Z', energy_need: 20 };
      const reply = await emsp.callCpo('PUT', 'sessions', '/SES-1/charging_preferences', preferences);
      expect(statusOf(reply)).toEqual({ httpStatus: 404, statusCode: 2001 });
      expect(violationsOf(reply, null)).toEqual([]);
    });

    it('given a module we do not serve, then 404', async () => {
      const connection = emsp.cpo;
      if (connection === null) throw new Error('not registered');
      const url = connection.versionsUrl.replace(/\/versions$/, '/2.2.1/chargingprofiles');
      expect(statusOf(await ocpiRequest({ method: 'GET', url, token: connection.token }))).toEqual({ httpStatus: 404, statusCode: 2000 });
    });
  });

  describe('every object we answer with is valid per the spec tables, in a valid envelope', () => {
    it('versions, version details and credentials', async () => {
      const connection = emsp.cpo;
      if (connection === null) throw new Error('not registered');
      const versions = await ocpiRequest({ method: 'GET', url: connection.versionsUrl, token: connection.token });
      expect(violationsOf(versions, 'Version', true)).toEqual([]);
      const details = await ocpiRequest({ method: 'GET', url: connection.versionsUrl.replace(/\/versions$/, '/2.2.1'), token: connection.token });
      expect(violationsOf(details, 'VersionDetails')).toEqual([]);
      expect(violationsOf(await emsp.callCpo('GET', 'credentials'), 'Credentials')).toEqual([]);
    });

    it('Location, EVSE and Connector, one by one and listed', async () => {
      expect(violationsOf(await emsp.callCpo('GET', 'locations'), 'Location', true)).toEqual([]);
      expect(violationsOf(await emsp.callCpo('GET', 'locations', '/LOC-CONF'), 'Location')).toEqual([]);
      expect(violationsOf(await emsp.callCpo('GET', 'locations', '/LOC-CONF/CP-LOC-CONF-1'), 'EVSE')).toEqual([]);
      expect(violationsOf(await emsp.callCpo('GET', 'locations', '/LOC-CONF/CP-LOC-CONF-1/1'), 'Connector')).toEqual([]);
    });

    it('Tariffs, and the envelopes of empty Sessions and CDRs lists', async () => {
      expect(violationsOf(await emsp.callCpo('GET', 'tariffs'), 'Tariff', true)).toEqual([]);
      for (const module of ['sessions', 'cdrs']) {
        const reply = await emsp.callCpo('GET', module);
        expect({ module, violations: violationsOf(reply, null), data: reply.body?.data }).toEqual({ module, violations: [], data: [] });
      }
    });

    it('the Token the eMSP pushed', async () => {
      expect(violationsOf(await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-CONF?type=RFID'), 'Token')).toEqual([]);
    });

    it.each([
      { given: 'a command we do not know', command: 'SET_COLOUR', body: {}, then: { result: 'NOT_SUPPORTED', statusCode: 1000 } },
      { given: 'a START_SESSION at an unknown Location', command: 'START_SESSION', body: { token, location_id: 'NOPE' }, then: { result: 'REJECTED', statusCode: 2003 } },
      { given: 'a STOP_SESSION of an unknown Session', command: 'STOP_SESSION', body: { session_id: 'NOPE' }, then: { result: 'UNKNOWN_SESSION', statusCode: 1000 } },
    ])('the CommandResponse to $given', async ({ command, body, then }) => {
      const { reply } = await emsp.sendCommand(command, body);
      expect(violationsOf(reply, 'CommandResponse')).toEqual([]);
      expect({ result: (reply.body?.data as { result?: unknown } | undefined)?.result, statusCode: reply.body?.status_code }).toEqual(then);
    });

    it('the CommandResult POST to response_url, with the routing headers of a functional module turned around', async () => {
      const charger = await connectCharger({ baseUrl: node.wsUrl, identity: 'CP-LOC-CONF', protocol: 'ocpp1.6' });
      try {
        charger.handle('UnlockConnector', async () => ({ status: 'Unlocked' }));
        await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Conformance' });
        const { reply, responseUrl } = await emsp.sendCommand('UNLOCK_CONNECTOR', { location_id: 'LOC-CONF', evse_uid: 'CP-LOC-CONF-1', connector_id: '1' });
        expect(violationsOf(reply, 'CommandResponse')).toEqual([]);
        expect(await emsp.waitForCommandResult(responseUrl)).toEqual({ result: 'ACCEPTED', message: [expect.objectContaining({ language: 'en' })] });
        const posted = emsp.received.find((request) => request.module === 'commands' && request.method === 'POST' && responseUrl.endsWith(request.path));
        expect(posted?.violations).toEqual([]);
        expect(posted?.headers).toMatchObject({ 'ocpi-from-country-code': 'NL', 'ocpi-from-party-id': 'SWY', 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'EMS' });
      } finally {
        await charger.close({ force: true });
      }
    });

    it.each([
      { given: 'an unknown credentials token', call: (connection: { versionsUrl: string }) => ocpiRequest({ method: 'GET', url: connection.versionsUrl, token: 'not-a-token' }), then: { httpStatus: 401, statusCode: 2000 } },
      { given: 'an invalid Token object', call: () => emsp.callCpo('PUT', 'tokens', '/DE/EMS/TAG-BAD', { ...token, uid: 'TAG-BAD', whitelist: 'SOMETIMES' }), then: { httpStatus: 200, statusCode: 2001 } },
      { given: 'an unknown Token', call: () => emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-NONE'), then: { httpStatus: 404, statusCode: 2004 } },
    ])('the refusal of $given', async ({ call, then }) => {
      const connection = emsp.cpo;
      if (connection === null) throw new Error('not registered');
      const reply = await call(connection);
      expect(statusOf(reply)).toEqual(then);
      expect(violationsOf(reply, null)).toEqual([]);
      expect(reply.body).not.toHaveProperty('data');
    });
  });
});
