import { startOcpiNode } from '../support/ocpi-node.ts';
import { startMockEmsp } from '../support/mock-emsp.ts';
import { ocpiRequest } from '../support/ocpi-test-client.ts';
import { locationBody } from '../support/sender-records.ts';

const node = await startOcpiNode();
const emsp = await startMockEmsp();
try {
  const issued = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
  const conn = await emsp.registerWith(issued.versions_url, issued.token);
  console.log('endpoints', JSON.stringify(conn.endpoints));
  await node.harness.admin('PUT', '/locations/LOC1', locationBody({ country_code: 'NL', party_id: 'SWY' }, 'LOC1', 1));
  await new Promise((r) => setTimeout(r, 1000));
  const show = (label: string, r: Awaited<ReturnType<typeof ocpiRequest>>) => {
    const h = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !['date', 'connection', 'keep-alive', 'etag', 'content-length'].includes(k)));
    console.log(`\n== ${label}: HTTP ${r.httpStatus}\n  headers ${JSON.stringify(h)}\n  body ${r.text.slice(0, 600)}`);
  };
  const base = issued.versions_url.replace('/versions', '');
  const probes: [string, Parameters<typeof emsp.callCpo>][] = [
    ['GET locations', ['GET', 'locations', '']],
    ['GET locations limit=1', ['GET', 'locations', '?limit=1']],
    ['GET loc unknown', ['GET', 'locations', '/NOPE']],
    ['GET loc', ['GET', 'locations', '/LOC1']],
    ['GET loc bad limit', ['GET', 'locations', '?limit=abc']],
    ['GET loc bad date', ['GET', 'locations', '?date_from=yesterday']],
    ['POST locations', ['POST', 'locations', '', {}]],
    ['DELETE locations', ['DELETE', 'locations', '']],
    ['GET sessions', ['GET', 'sessions', '']],
    ['GET cdrs', ['GET', 'cdrs', '']],
    ['GET cdrs/x', ['GET', 'cdrs', '/X']],
    ['GET tariffs', ['GET', 'tariffs', '']],
    ['PATCH credentials', ['PATCH', 'credentials', '', {}]],
    ['POST credentials again', ['POST', 'credentials', '', {}]],
    ['GET credentials', ['GET', 'credentials', '']],
    ['GET tokens unknown', ['GET', 'tokens', '/DE/EMS/NOPE']],
    ['GET tokens wrong party', ['GET', 'tokens', '/FR/XXX/NOPE']],
    ['PUT token mismatched', ['PUT', 'tokens', '/DE/EMS/A1', { country_code: 'DE', party_id: 'EMS', uid: 'B1', type: 'RFID', contract_id: 'c', issuer: 'i', valid: true, whitelist: 'ALWAYS', last_updated: '2026-11-21T10:00:00Z' }]],
    ['PUT token new', ['PUT', 'tokens', '/DE/EMS/A1', { country_code: 'DE', party_id: 'EMS', uid: 'A1', type: 'RFID', contract_id: 'c', issuer: 'i', valid: true, whitelist: 'ALWAYS', last_updated: '2026-11-21T10:00:00Z' }]],
    ['PUT token again', ['PUT', 'tokens', '/DE/EMS/A1', { country_code: 'DE', party_id: 'EMS', uid: 'A1', type: 'RFID', contract_id: 'c', issuer: 'i', valid: true, whitelist: 'ALWAYS', last_updated: '2026-11-21T10:00:00Z' }]],
    ['GET tokens list', ['GET', 'tokens', '']],
    ['POST commands unknown', ['POST', 'commands', '/FOO', {}]],
    ['POST commands START bad', ['POST', 'commands', '/START_SESSION', {}]],
    ['POST commands START unknown loc', ['POST', 'commands', '/START_SESSION', { response_url: 'http://127.0.0.1:1/x', token: { country_code: 'DE', party_id: 'EMS', uid: 'A1', type: 'RFID', contract_id: 'c', issuer: 'i', valid: true, whitelist: 'ALWAYS', last_updated: '2026-11-21T10:00:00Z' }, location_id: 'NOPE' }]],
    ['GET commands', ['GET', 'commands', '/START_SESSION']],
  ];
  for (const [label, args] of probes) show(label, await emsp.callCpo(...args));
  show('GET versions', await ocpiRequest({ method: 'GET', url: issued.versions_url, token: conn.token }));
  show('GET 2.2.1', await ocpiRequest({ method: 'GET', url: `${base}/2.2.1`, token: conn.token }));
  show('GET 2.1.1', await ocpiRequest({ method: 'GET', url: `${base}/2.1.1`, token: conn.token }));
  show('GET versions no token', await ocpiRequest({ method: 'GET', url: issued.versions_url, token: 'nope' }));
  show('POST versions', await ocpiRequest({ method: 'POST', url: issued.versions_url, token: conn.token, body: {} }));
  show('GET unknown module', await ocpiRequest({ method: 'GET', url: `${base}/2.2.1/chargingprofiles`, token: conn.token }));
  show('GET unknown version', await ocpiRequest({ method: 'GET', url: `${base}/2.0`, token: conn.token }));
  show('PUT invalid json', await fetch(`${base}/2.2.1/tokens/DE/EMS/A1`, { method: 'PUT', headers: { authorization: `Token ${Buffer.from(conn.token).toString('base64')}`, 'content-type': 'application/json' }, body: '{bad' }).then(async (r) => ({ httpStatus: r.status, headers: Object.fromEntries(r.headers.entries()), text: await r.text(), body: null })));
  show('GET loc no routing headers', await ocpiRequest({ method: 'GET', url: `${base}/2.2.1/locations/LOC1`, token: conn.token }));
} finally {
  await emsp.close();
  await node.stop();
}
