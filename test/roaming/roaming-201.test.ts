import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { openRoamingWorld, startRoamingNode, type RoamingNode, type RoamingWorld } from './support/roaming-harness.ts';

const emspToken = { country_code: 'DE', party_id: 'EMS', type: 'RFID', contract_id: 'DE-EMS-C98765432-1', issuer: 'Some eMSP', valid: true, whitelist: 'ALLOWED' };
const connector = (id: string) => ({ id, standard: id === '1' ? 'IEC_62196_T2_COMBO' : 'CHADEMO', format: 'CABLE', power_type: 'DC', max_voltage: 920, max_amperage: 200 });

describe('an OCPP 2.0.1 charger against roaming state', () => {
  let world: RoamingWorld;
  let node: RoamingNode;
  let charger: Charger;
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    world = await openRoamingWorld();
    node = await startRoamingNode(world, { instanceId: 'roaming-201', unknownTokens: 'reject' });
    charger = await connectCharger({ baseUrl: node.wsUrl, identity: 'CP-ROAM-201', protocol: 'ocpp2.0.1' });
    await charger.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'Hyper-2' } });
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await node?.close();
    await world?.cleanup();
  });

  it('authorizes an eMSP token by its uid (ISO14443) and by its contract id (eMAID); NEVER tokens need the eMSP', async () => {
    expect((await node.admin('PUT', '/tokens/04A2B3C4D5E6F7', emspToken)).status).toBe(201);
    expect(await charger.call('Authorize', { idToken: { idToken: '04A2B3C4D5E6F7', type: 'ISO14443' } })).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(await charger.call('Authorize', { idToken: { idToken: 'DE-EMS-C98765432-1', type: 'eMAID' } })).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(await charger.call('Authorize', { idToken: { idToken: 'DE-EMS-C98765432-1', type: 'ISO14443' } })).toEqual({ idTokenInfo: { status: 'Invalid' } });

    await node.admin('PUT', '/tokens/04A2B3C4D5E6F7', { ...emspToken, whitelist: 'NEVER' });
    expect(await charger.call('Authorize', { idToken: { idToken: '04A2B3C4D5E6F7', type: 'ISO14443' } })).toEqual({ idTokenInfo: { status: 'Invalid' } });
  });

  it('shows an EVSE as CHARGING while one of its connectors is Occupied', async () => {
    const location = {
      country_code: 'DE',
      party_id: 'SWY',
      publish: false,
      address: 'Autobahnraststätte 1',
      city: 'Kassel',
      country: 'DEU',
      coordinates: { latitude: '51.31271', longitude: '9.47998' },
      time_zone: 'Europe/Berlin',
      evses: [{ connectors: [connector('1'), connector('2')], capabilities: ['RFID_READER'], switchyard: { charger_id: 'CP-ROAM-201', evse_id: 1 } }],
    };
    expect((await node.admin('PUT', '/locations/HPC-KASSEL', location)).status).toBe(201);
    await charger.call('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    await charger.call('StatusNotification', { timestamp: now(), connectorStatus: 'Occupied', evseId: 1, connectorId: 2 });
    await eventually(async () => {
      const got = (await node.admin('GET', '/locations/HPC-KASSEL')).body as { evses: { uid: string; status: string }[] };
      expect(got.evses).toMatchObject([{ uid: 'CP-ROAM-201-1', status: 'CHARGING' }]);
    });
    await charger.call('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 2 });
    await eventually(async () => {
      const got = (await node.admin('GET', '/locations/HPC-KASSEL')).body as { evses: { status: string }[] };
      expect(got.evses).toMatchObject([{ status: 'AVAILABLE' }]);
    });
  });
});
