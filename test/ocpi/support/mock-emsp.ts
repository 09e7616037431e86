import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { startHttpServer } from '../../../services/core/http/http-server.ts';
import type { CredentialsRole, InterfaceRole, OcpiVersionId } from '../../../services/ocpi/partners/partner.ts';
import { validateOcpiObject, type OcpiObjectKind } from './ocpi-spec-validation.ts';
import { ocpiRequest, pullAll, type OcpiParty, type OcpiReply, type PullResult } from './ocpi-test-client.ts';
import { ReceivedObjects, type OcpiObject } from './received-objects.ts';

/**
 * A mock eMSP for OCPI tests: a real HTTP server on 127.0.0.1 (port 0) that plays an eMSP platform.
 *
 *   const emsp = await startMockEmsp({ versions: ['2.2.1', '2.1.1'] });   // always `await emsp.close()`
 *
 * Its side (base `${emsp.url}/ocpi/emsp`, `emsp.versionsUrl` = `.../versions`):
 * - versions + version details; 2.2.1 endpoints: credentials SENDER+RECEIVER, locations/sessions/cdrs/tariffs
 *   RECEIVER, tokens SENDER, commands SENDER (2.1.1: the same modules without roles).
 * - credentials, both directions:
 *   - we register with it: `emsp.tokenA` is the token A it issued. Our POST (token A, our token B) makes it
 *     fetch our versions + details with token B (answering 3001 if it cannot), then it answers with its
 *     token C; token A is then void. PUT rotates (new token C), DELETE unregisters, POST twice is 405.
 *   - it registers with us: `await emsp.registerWith(ourVersionsUrl, tokenAWeIssued)` GETs our versions
 *     (2.2.1 preferred), details, POSTs its credentials (its token B) and keeps our token C.
 *   `emsp.cpo` is the connection to us once either direction succeeded: version, our endpoints, the
 *   token it presents to us, our credentials roles.
 * - receivers (need a registered token, else HTTP 401): locations PUT/PATCH/GET
 *   `/{cc}/{party}/{location}[/{evse_uid}[/{connector_id}]]`, sessions PUT/PATCH/GET `/{cc}/{party}/{id}`,
 *   cdrs POST (answers a `Location` header `{cdrs}/{cc}/{party}/{id}`) and GET on that URL, tariffs
 *   PUT/GET/DELETE `/{cc}/{party}/{id}` (DELETE of an unknown tariff: HTTP 404, 2000). PUT answers
 *   201 for a new object and 200 for an update. What they hold: `emsp.locations`, `emsp.sessions`,
 *   `emsp.cdrs`, `emsp.tariffs` (PATCH merges top-level fields; EVSE/connector writes land inside their location).
 * - tokens SENDER: `GET {tokens}` pages `options.tokens` (offset/limit, X-Total-Count, X-Limit, Link);
 *   `POST {tokens}/{uid}/authorize[?type=]` answers `emsp.answerAuthorization(...)`'s answer (default:
 *   ALLOWED for tokens in `options.tokens`, 2004 / HTTP 404 for others), optionally after a delay.
 * - commands: `emsp.commandResponseUrl('START_SESSION')` is a fresh response_url; the CommandResult our
 *   side POSTs there is awaited with `emsp.waitForCommandResult(url)`.
 *
 * Every request (valid or not) is recorded in arrival order in `emsp.received` (method, path, query,
 * lower-cased headers, parsed body, module, version, the token presented, the failure it was given, and
 * `violations`: where a 2.2.1 body breaks the spec schemas, see ./ocpi-spec-validation.ts; it still answers).
 * `emsp.waitFor(predicate)` / `emsp.waitForCount(predicate, n)` resolve when such requests arrived.
 * `emsp.failNext(n, 'http500' | 'ocpi3000' | 'closeSocket', predicate?)` makes the next n matching requests
 * fail (n may be Infinity: the partner is down until `emsp.stopFailing()`).
 *
 * Its client side: `emsp.callCpo(method, module, pathSuffix, body?)` calls one of our endpoints with its
 * token and routing headers, `emsp.pullAll(module, query?)` pulls one of our sender modules page by page,
 * `emsp.pushToken(token)` PUTs a Token into our tokens receiver and `emsp.sendCommand(command, body)` posts
 * a command with a fresh response_url. `pullAll(url, token)` from ./ocpi-test-client.ts works without a
 * mock.
 */

export type FailureMode = 'http500' | 'ocpi3000' | 'closeSocket';

export interface ReceivedRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body; undefined without a body, the raw text when it was not JSON. */
  readonly body: unknown;
  /** OCPI module: versions (list and details), credentials, locations, sessions, cdrs, tokens, commands, or unknown. */
  readonly module: string;
  readonly version: OcpiVersionId | null;
  /** The token the caller presented (base64-decoded when it was encoded), null without one. */
  readonly token: string | null;
  /** The scripted failure this request got; null when it was served normally. */
  readonly failedWith: FailureMode | null;
  /** Where a 2.2.1 body breaks the spec's object tables (test/ocpi/spec-schemas); empty when it does not. */
  readonly violations: readonly string[];
}

export interface CpoConnection {
  readonly version: OcpiVersionId;
  readonly versionsUrl: string;
  readonly endpoints: readonly MockEndpoint[];
  /** The token the mock presents to the CPO. */
  readonly token: string;
  readonly roles: readonly CredentialsRole[];
}

export interface MockEndpoint {
  readonly identifier: string;
  readonly role?: InterfaceRole;
  readonly url: string;
}

export interface AuthorizationAnswer {
  /** An AuthorizationInfo object, or 'UNKNOWN_TOKEN' for the 2004 answer. */
  readonly answer: OcpiObject | 'UNKNOWN_TOKEN';
  readonly delayMs?: number;
}

export interface MockEmspOptions {
  /** Versions it offers, in preference order; default ['2.2.1']. */
  readonly versions?: readonly OcpiVersionId[];
  /** Default one eMSP role DE*EMS. */
  readonly roles?: readonly CredentialsRole[];
  /** Token A it issued for the CPO; default random. */
  readonly tokenA?: string;
  /** Its tokens (tokens SENDER module and the default authorization answer). */
  readonly tokens?: readonly OcpiObject[];
  /** Page size of its tokens module; default 50. */
  readonly pageLimit?: number;
}

export interface MockEmsp {
  readonly url: string;
  readonly versionsUrl: string;
  readonly tokenA: string;
  readonly roles: readonly CredentialsRole[];
  readonly received: readonly ReceivedRequest[];
  readonly cpo: CpoConnection | null;
  readonly locations: ReceivedObjects;
  readonly sessions: ReceivedObjects;
  readonly cdrs: ReceivedObjects;
  readonly tariffs: ReceivedObjects;
  /** Its own endpoint URL for a module (e.g. where it expects our CDR POSTs). */
  endpointUrl(module: string, version?: OcpiVersionId): string;
  registerWith(versionsUrl: string, tokenA: string): Promise<CpoConnection>;
  failNext(count: number, mode: FailureMode, match?: (request: ReceivedRequest) => boolean): void;
  stopFailing(): void;
  answerAuthorization(answer: AuthorizationAnswer): void;
  waitFor(predicate: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  waitForCount(predicate: (request: ReceivedRequest) => boolean, count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  commandResponseUrl(command: string): string;
  waitForCommandResult(responseUrl: string, timeoutMs?: number): Promise<OcpiObject>;
  /** `via`: the public URL of another instance of the same CPO, to call it instead of the one registered with. */
  callCpo(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', module: string, pathSuffix?: string, body?: unknown, via?: string): Promise<OcpiReply>;
  pullAll(module: string, query?: Readonly<Record<string, string>>): Promise<PullResult>;
  pushToken(token: OcpiObject): Promise<OcpiReply>;
  sendCommand(command: string, body: OcpiObject, via?: string): Promise<{ reply: OcpiReply; responseUrl: string }>;
  close(): Promise<void>;
}

const basePath = '/ocpi/emsp';
const defaultWaitMs = 15_000;

const moduleRoles: readonly { identifier: string; roles: readonly InterfaceRole[] }[] = [
  { identifier: 'credentials', roles: ['SENDER', 'RECEIVER'] },
  { identifier: 'locations', roles: ['RECEIVER'] },
  { identifier: 'sessions', roles: ['RECEIVER'] },
  { identifier: 'cdrs', roles: ['RECEIVER'] },
  { identifier: 'tariffs', roles: ['RECEIVER'] },
  { identifier: 'tokens', roles: ['SENDER'] },
  { identifier: 'commands', roles: ['SENDER'] },
];

const defaultRoles: readonly CredentialsRole[] = [{ role: 'EMSP', country_code: 'DE', party_id: 'EMS', business_details: { name: 'Mock eMSP' } }];

class OcpiAnswer extends Error {
  constructor(
    readonly httpStatus: number,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface FailureRule {
  remaining: number;
  readonly mode: FailureMode;
  readonly match: (request: ReceivedRequest) => boolean;
}

interface Waiter {
  readonly predicate: (request: ReceivedRequest) => boolean;
  readonly count: number;
  readonly resolve: (requests: ReceivedRequest[]) => void;
}

/** The object a CPO's request to an eMSP carries, by module, method and path depth below the module. */
export function expectedBody(module: string, method: string, depth: number): { readonly kind: OcpiObjectKind; readonly partial: boolean } | null {
  const partial = method === 'PATCH';
  if (method !== 'PUT' && method !== 'PATCH' && method !== 'POST') return null;
  switch (module) {
    case 'locations': {
      const kind = (['Location', 'EVSE', 'Connector'] as const)[depth - 3];
      return kind === undefined || method === 'POST' ? null : { kind, partial };
    }
    case 'sessions':
      return depth === 3 && method !== 'POST' ? { kind: 'Session', partial } : null;
    case 'cdrs':
      return depth === 0 && method === 'POST' ? { kind: 'Cdr', partial: false } : null;
    case 'tariffs':
      return depth === 3 && method === 'PUT' ? { kind: 'Tariff', partial: false } : null;
    case 'commands':
      return depth === 2 && method === 'POST' ? { kind: 'CommandResult', partial: false } : null;
    case 'credentials':
      return depth === 0 && method !== 'PATCH' ? { kind: 'Credentials', partial: false } : null;
    case 'tokens':
      return depth === 2 && method === 'POST' ? { kind: 'LocationReferences', partial: false } : null;
    default:
      return null;
  }
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function envelope(data: unknown, statusCode = 1000, statusMessage?: string): OcpiObject {
  return { ...(data === undefined ? {} : { data }), status_code: statusCode, ...(statusMessage === undefined ? {} : { status_message: statusMessage }), timestamp: new Date().toISOString() };
}

function isVersion(value: string | undefined): value is OcpiVersionId {
  return value === '2.2.1' || value === '2.1.1';
}

function asObject(value: unknown, what: string): OcpiObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OcpiAnswer(400, 2001, `${what}: expected a JSON object`);
  return value as OcpiObject;
}

function presentedToken(header: string | undefined, known: (token: string) => boolean): string | null {
  const match = /^Token\s+(\S+)$/i.exec(header ?? '');
  if (match?.[1] === undefined) return null;
  const raw = match[1];
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  return known(decoded) ? decoded : raw;
}

export async function startMockEmsp(options: MockEmspOptions = {}): Promise<MockEmsp> {
  const versions = options.versions ?? ['2.2.1'];
  const roles = options.roles ?? defaultRoles;
  const ownParty: OcpiParty = roles[0] ?? { country_code: 'DE', party_id: 'EMS' };
  const tokens = options.tokens ?? [];
  const pageLimit = options.pageLimit ?? 50;
  const tokenA = options.tokenA ?? newToken();

  let tokenAValid = true;
  /** Tokens the CPO may present on every module (token C it issued, or token B it sent). */
  const registeredTokens = new Set<string>();
  let cpo: CpoConnection | null = null;
  const received: ReceivedRequest[] = [];
  let failures: FailureRule[] = [];
  let waiters: Waiter[] = [];
  let authorization: AuthorizationAnswer | null = null;
  const commandResults = new Map<string, OcpiObject>();
  const pendingTimers = new Set<NodeJS.Timeout>();
  const locations = new ReceivedObjects();
  const sessions = new ReceivedObjects();
  const cdrs = new ReceivedObjects();
  const tariffs = new ReceivedObjects();
  let url = '';

  const knownToken = (token: string) => registeredTokens.has(token) || (tokenAValid && token === tokenA);
  const endpointUrl = (module: string, version: OcpiVersionId = versions[0] ?? '2.2.1') => `${url}${basePath}/${version}/${module}`;

  function record(request: Request): ReceivedRequest {
    const target = new URL(request.originalUrl, 'http://mock');
    const segments = target.pathname.slice(basePath.length).split('/').filter((segment) => segment !== '');
    const version = isVersion(segments[0]) ? segments[0] : null;
    const module = segments[0] === 'versions' || (version !== null && segments.length === 1) ? 'versions' : version !== null ? (segments[1] ?? 'unknown') : 'unknown';
    const text = typeof request.body === 'string' ? request.body : '';
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    const query = Object.fromEntries(target.searchParams.entries());
    const expected = version === '2.2.1' && body !== undefined ? expectedBody(module, request.method, segments.length - 2) : null;
    const violations = expected === null ? [] : validateOcpiObject(expected.kind, body, { partial: expected.partial }).errors;
    const probe: ReceivedRequest = { seq: received.length + 1, method: request.method, path: target.pathname, query, headers, body, module, version, token: presentedToken(headers['authorization'], knownToken), failedWith: null, violations };
    const rule = failures.find((candidate) => candidate.remaining > 0 && candidate.match(probe));
    if (rule !== undefined) rule.remaining -= 1;
    const entry = { ...probe, failedWith: rule?.mode ?? null };
    received.push(entry);
    notifyWaiters();
    return entry;
  }

  function notifyWaiters(): void {
    waiters = waiters.filter((waiter) => {
      const matches = received.filter(waiter.predicate);
      if (matches.length < waiter.count) return true;
      waiter.resolve(matches);
      return false;
    });
  }

  function waitForCount(predicate: (request: ReceivedRequest) => boolean, count: number, timeoutMs = defaultWaitMs): Promise<ReceivedRequest[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((waiter) => waiter !== entry);
        reject(new Error(`mock eMSP: ${count} matching request(s) not received within ${timeoutMs} ms; received:\n${received.map((r) => `${r.method} ${r.path}`).join('\n')}`));
      }, timeoutMs);
      const entry: Waiter = {
        predicate,
        count,
        resolve: (requests) => {
          clearTimeout(timer);
          resolve(requests);
        },
      };
      waiters.push(entry);
      notifyWaiters();
    });
  }

  /** GETs a versions list, picks the version (the given one, else the first of ours it offers), GETs its details. */
  async function discover(versionsUrl: string, token: string, wanted: readonly OcpiVersionId[]): Promise<{ version: OcpiVersionId; endpoints: MockEndpoint[] }> {
    const list = await ocpiRequest({ method: 'GET', url: versionsUrl, token, version: wanted[0] ?? '2.2.1' });
    const offered = Array.isArray(list.body?.data) ? (list.body.data as { version?: unknown; url?: unknown }[]) : [];
    const chosen = wanted.map((version) => offered.find((entry) => entry.version === version)).find((entry) => entry !== undefined);
    if (list.body?.status_code !== 1000 || chosen === undefined || !isVersion(String(chosen.version)) || typeof chosen.url !== 'string') {
      throw new Error(`versions ${versionsUrl} answered HTTP ${list.httpStatus} without one of ${wanted.join(', ')}: ${list.text.slice(0, 300)}`);
    }
    const version = chosen.version as OcpiVersionId;
    const details = await ocpiRequest({ method: 'GET', url: chosen.url, token, version });
    const endpoints = (details.body?.data as { endpoints?: unknown } | undefined)?.endpoints;
    if (details.body?.status_code !== 1000 || !Array.isArray(endpoints)) {
      throw new Error(`version details ${chosen.url} answered HTTP ${details.httpStatus}: ${details.text.slice(0, 300)}`);
    }
    return { version, endpoints: endpoints as MockEndpoint[] };
  }

  function ownCredentials(token: string, version: OcpiVersionId): OcpiObject {
    if (version === '2.2.1') return { token, url: `${url}${basePath}/versions`, roles };
    const [role] = roles;
    return { token, url: `${url}${basePath}/versions`, business_details: role?.business_details, country_code: role?.country_code, party_id: role?.party_id };
  }

  function credentialsRoles(body: OcpiObject): CredentialsRole[] {
    if (Array.isArray(body['roles'])) return body['roles'] as CredentialsRole[];
    return [{ role: 'CPO', country_code: String(body['country_code']), party_id: String(body['party_id']), business_details: body['business_details'] as CredentialsRole['business_details'] }];
  }

  /** Our side of a POST/PUT from the CPO: connect back with its token B, issue a new token C. */
  async function acceptCredentials(version: OcpiVersionId, body: OcpiObject): Promise<OcpiObject> {
    const theirToken = body['token'];
    const theirUrl = body['url'];
    if (typeof theirToken !== 'string' || typeof theirUrl !== 'string') throw new OcpiAnswer(400, 2001, 'credentials need token and url');
    let discovered: { version: OcpiVersionId; endpoints: MockEndpoint[] };
    try {
      discovered = await discover(theirUrl, theirToken, [version]);
    } catch (error) {
      throw new OcpiAnswer(200, 3001, `cannot use the client's API: ${(error as Error).message}`);
    }
    const tokenC = newToken();
    registeredTokens.clear();
    registeredTokens.add(tokenC);
    tokenAValid = false;
    cpo = { version: discovered.version, versionsUrl: theirUrl, endpoints: discovered.endpoints, token: theirToken, roles: credentialsRoles(body) };
    return ownCredentials(tokenC, version);
  }

  function requireAuthorized(request: ReceivedRequest, allowTokenA: boolean): void {
    const token = request.token;
    const valid = token !== null && (registeredTokens.has(token) || (allowTokenA && tokenAValid && token === tokenA));
    if (!valid) throw new OcpiAnswer(401, 2000, 'unknown or missing credentials token');
  }

  function credentialsHandler(request: ReceivedRequest, version: OcpiVersionId, response: Response): Promise<void> | void {
    requireAuthorized(request, true);
    const registered = cpo !== null && request.token !== null && registeredTokens.has(request.token);
    switch (request.method) {
      case 'GET':
        response.json(envelope(ownCredentials(request.token ?? '', version)));
        return;
      case 'POST':
        if (registered || !tokenAValid) throw new OcpiAnswer(405, 2000, 'already registered');
        return acceptCredentials(version, asObject(request.body, 'credentials')).then((credentials) => void response.json(envelope(credentials)));
      case 'PUT':
        if (!registered) throw new OcpiAnswer(405, 2000, 'not registered');
        return acceptCredentials(version, asObject(request.body, 'credentials')).then((credentials) => void response.json(envelope(credentials)));
      case 'DELETE':
        if (!registered) throw new OcpiAnswer(405, 2000, 'not registered');
        registeredTokens.clear();
        cpo = null;
        response.json(envelope(undefined));
        return;
      default:
        throw new OcpiAnswer(405, 2000, `${request.method} is not a credentials method`);
    }
  }

  function objectWrite(store: ReceivedObjects, request: ReceivedRequest, ids: readonly string[], response: Response): void {
    const [countryCode, partyId, id, ...childIds] = ids;
    if (countryCode === undefined || partyId === undefined || id === undefined) throw new OcpiAnswer(404, 2000, 'expected /{country_code}/{party_id}/{id}');
    if (request.method === 'GET') {
      const found = store.get(countryCode, partyId, id);
      if (found === undefined) throw new OcpiAnswer(404, 2000, 'unknown object');
      response.json(envelope(found));
      return;
    }
    if (request.method !== 'PUT' && request.method !== 'PATCH') throw new OcpiAnswer(405, 2000, `${request.method} not allowed here`);
    const existed = store.get(countryCode, partyId, id) !== undefined;
    store.write([countryCode, partyId, id, ...childIds], request.method, asObject(request.body, request.module));
    response.status(request.method === 'PUT' && !existed ? 201 : 200).json(envelope(undefined));
  }

  function cdrsHandler(request: ReceivedRequest, version: OcpiVersionId, ids: readonly string[], response: Response): void {
    if (request.method === 'POST' && ids.length === 0) {
      const cdr = asObject(request.body, 'cdr');
      const party = version === '2.2.1' ? { cc: String(cdr['country_code']), pid: String(cdr['party_id']) } : { cc: ownParty.country_code, pid: ownParty.party_id };
      const id = String(cdr['id']);
      cdrs.write([party.cc, party.pid, id], 'PUT', cdr);
      response.status(201).location(`${endpointUrl('cdrs', version)}/${party.cc}/${party.pid}/${encodeURIComponent(id)}`).json(envelope(undefined));
      return;
    }
    if (request.method === 'GET') {
      objectWrite(cdrs, request, ids, response);
      return;
    }
    throw new OcpiAnswer(405, 2000, `${request.method} not allowed on cdrs here`);
  }

  /** The eMSP's Tariffs receiver: whole objects only (the spec has no PATCH), and DELETE of a retired tariff. */
  function tariffsHandler(request: ReceivedRequest, ids: readonly string[], response: Response): void {
    const [countryCode, partyId, id] = ids;
    if (countryCode === undefined || partyId === undefined || id === undefined || ids.length !== 3) throw new OcpiAnswer(404, 2000, 'expected /{country_code}/{party_id}/{tariff_id}');
    if (request.method === 'DELETE') {
      if (!tariffs.delete(countryCode, partyId, id)) throw new OcpiAnswer(404, 2000, 'unknown tariff');
      response.json(envelope(undefined));
      return;
    }
    if (request.method === 'PATCH') throw new OcpiAnswer(405, 2000, 'tariffs take no PATCH');
    objectWrite(tariffs, request, ids, response);
  }

  function tokensHandler(request: ReceivedRequest, ids: readonly string[], response: Response): Promise<void> | void {
    if (request.method === 'GET' && ids.length === 0) {
      const offset = Number(request.query['offset'] ?? 0);
      const limit = Math.min(Number(request.query['limit'] ?? pageLimit), pageLimit);
      const page = tokens.slice(offset, offset + limit);
      response.setHeader('X-Total-Count', String(tokens.length));
      response.setHeader('X-Limit', String(limit));
      if (offset + limit < tokens.length) {
        const next = new URL(`${url}${request.path}`);
        for (const [name, value] of Object.entries(request.query)) next.searchParams.set(name, value);
        next.searchParams.set('offset', String(offset + limit));
        next.searchParams.set('limit', String(limit));
        response.setHeader('Link', `<${next.toString()}>; rel="next"`);
      }
      response.json(envelope(page));
      return;
    }
    const [uid, action] = ids;
    if (request.method === 'POST' && uid !== undefined && action === 'authorize' && ids.length === 2) {
      const configured = authorization;
      const known = tokens.find((token) => token['uid'] === uid && (request.query['type'] ?? 'RFID') === (token['type'] ?? 'RFID'));
      const answer = configured?.answer ?? (known === undefined ? 'UNKNOWN_TOKEN' : { allowed: 'ALLOWED', token: known });
      const send = () => {
        if (answer === 'UNKNOWN_TOKEN') response.status(404).json(envelope(undefined, 2004, 'unknown token'));
        else response.json(envelope(answer));
      };
      const delayMs = configured?.delayMs ?? 0;
      if (delayMs <= 0) return send();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pendingTimers.delete(timer);
          if (!response.headersSent && !response.req.socket.destroyed) send();
          resolve();
        }, delayMs);
        pendingTimers.add(timer);
      });
    }
    throw new OcpiAnswer(405, 2000, `${request.method} not allowed on tokens here`);
  }

  function commandsHandler(request: ReceivedRequest, ids: readonly string[], response: Response): void {
    const [command, id] = ids;
    if (request.method !== 'POST' || command === undefined || id === undefined || ids.length !== 2) throw new OcpiAnswer(405, 2000, 'expected POST {commands}/{command}/{id}');
    commandResults.set(`${command}/${id}`, asObject(request.body, 'CommandResult'));
    response.json(envelope(undefined));
  }

  function route(request: ReceivedRequest, response: Response): Promise<void> | void {
    const segments = request.path.slice(basePath.length).split('/').filter((segment) => segment !== '').map(decodeURIComponent);
    const [first, module, ...ids] = segments;
    if (first === 'versions' && segments.length === 1 && request.method === 'GET') {
      requireAuthorized(request, true);
      response.json(envelope(versions.map((version) => ({ version, url: `${url}${basePath}/${version}` }))));
      return;
    }
    if (!isVersion(first) || !versions.includes(first)) throw new OcpiAnswer(404, 2000, `no such path ${request.path}`);
    const version = first;
    if (module === undefined) {
      requireAuthorized(request, true);
      const endpoints = moduleRoles.flatMap((entry) =>
        version === '2.2.1' ? entry.roles.map((role) => ({ identifier: entry.identifier, role, url: endpointUrl(entry.identifier, version) })) : [{ identifier: entry.identifier, url: endpointUrl(entry.identifier, version) }],
      );
      response.json(envelope({ version, endpoints }));
      return;
    }
    if (module === 'credentials' && ids.length === 0) return credentialsHandler(request, version, response);
    requireAuthorized(request, false);
    switch (module) {
      case 'locations':
        return objectWrite(locations, request, ids, response);
      case 'sessions':
        return objectWrite(sessions, request, ids, response);
      case 'cdrs':
        return cdrsHandler(request, version, ids, response);
      case 'tariffs':
        return tariffsHandler(request, ids, response);
      case 'tokens':
        return tokensHandler(request, ids, response);
      case 'commands':
        return commandsHandler(request, ids, response);
      default:
        throw new OcpiAnswer(404, 2000, `no module ${module}`);
    }
  }

  function answerError(error: unknown, response: Response): void {
    if (response.headersSent) return;
    if (error instanceof OcpiAnswer) response.status(error.httpStatus).json(envelope(undefined, error.statusCode, error.message));
    else response.status(500).json(envelope(undefined, 3000, (error as Error).message));
  }

  const app = express();
  app.use(express.text({ type: () => true, limit: '20mb' }));
  app.use(basePath, (request: Request, response: Response) => {
    const entry = record(request);
    switch (entry.failedWith) {
      case 'closeSocket':
        request.socket.destroy();
        return;
      case 'http500':
        response.status(500).json(envelope(undefined, 3000, 'scripted failure'));
        return;
      case 'ocpi3000':
        response.status(200).json(envelope(undefined, 3000, 'scripted failure'));
        return;
      case null:
        break;
      default: {
        const unexpected: never = entry.failedWith;
        throw new Error(`unknown failure mode ${String(unexpected)}`);
      }
    }
    try {
      const pending = route(entry, response);
      if (pending !== undefined) pending.catch((error: unknown) => answerError(error, response));
    } catch (error) {
      answerError(error, response);
    }
  });
  const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${server.port}`;

  function connected(): CpoConnection {
    if (cpo === null) throw new Error('mock eMSP: not registered with the CPO yet');
    return cpo;
  }

  function cpoEndpoint(module: string, via?: string): string {
    const connection = connected();
    const endpoint = connection.endpoints.find((candidate) => candidate.identifier === module);
    if (endpoint === undefined) throw new Error(`mock eMSP: the CPO offers no ${module} endpoint`);
    if (via === undefined) return endpoint.url;
    const target = new URL(endpoint.url);
    return `${via}${target.pathname}`;
  }

  function routing(): { from: OcpiParty; to: OcpiParty } | undefined {
    const connection = connected();
    const to = connection.roles.find((role) => role.role === 'CPO') ?? connection.roles[0];
    if (connection.version !== '2.2.1' || to === undefined) return undefined;
    return { from: { country_code: ownParty.country_code, party_id: ownParty.party_id }, to: { country_code: to.country_code, party_id: to.party_id } };
  }

  const mock: MockEmsp = {
    url,
    versionsUrl: `${url}${basePath}/versions`,
    tokenA,
    roles,
    received,
    get cpo() {
      return cpo;
    },
    locations,
    sessions,
    cdrs,
    tariffs,
    endpointUrl,

    async registerWith(versionsUrl, theirTokenA) {
      const discovered = await discover(versionsUrl, theirTokenA, versions);
      const credentialsUrl = discovered.endpoints.find((endpoint) => endpoint.identifier === 'credentials')?.url;
      if (credentialsUrl === undefined) throw new Error(`mock eMSP: ${versionsUrl} offers no credentials endpoint`);
      const tokenB = newToken();
      registeredTokens.add(tokenB);
      const reply = await ocpiRequest({ method: 'POST', url: credentialsUrl, token: theirTokenA, version: discovered.version, body: ownCredentials(tokenB, discovered.version) });
      const credentials = reply.body?.data as OcpiObject | undefined;
      if (reply.body?.status_code !== 1000 || typeof credentials?.['token'] !== 'string') {
        registeredTokens.delete(tokenB);
        throw new Error(`mock eMSP: registration POST answered HTTP ${reply.httpStatus}: ${reply.text.slice(0, 500)}`);
      }
      cpo = { version: discovered.version, versionsUrl, endpoints: discovered.endpoints, token: credentials['token'], roles: credentialsRoles(credentials) };
      return cpo;
    },

    failNext(count, mode, match = () => true) {
      failures.push({ remaining: count, mode, match });
    },
    stopFailing() {
      failures = [];
    },
    answerAuthorization(answer) {
      authorization = answer;
    },
    async waitFor(predicate, timeoutMs) {
      const [first] = await waitForCount(predicate, 1, timeoutMs);
      if (first === undefined) throw new Error('unreachable: waitForCount resolved without a match');
      return first;
    },
    waitForCount,

    commandResponseUrl(command) {
      return `${endpointUrl('commands')}/${command}/${randomUUID()}`;
    },
    async waitForCommandResult(responseUrl, timeoutMs) {
      const key = new URL(responseUrl).pathname.split('/').slice(-2).join('/');
      await waitForCount((request) => request.module === 'commands' && request.method === 'POST' && request.failedWith === null && request.path.endsWith(`/${key}`), 1, timeoutMs);
      const result = commandResults.get(key);
      if (result === undefined) throw new Error(`mock eMSP: the CommandResult posted to ${responseUrl} was not an object`);
      return result;
    },

    callCpo(method, module, pathSuffix = '', body, via) {
      const connection = connected();
      const routed = module === 'credentials' ? undefined : routing();
      return ocpiRequest({ method, url: `${cpoEndpoint(module, via)}${pathSuffix}`, token: connection.token, version: connection.version, body, ...(routed === undefined ? {} : { routing: routed }) });
    },
    pullAll(module, query = {}) {
      const connection = connected();
      const target = new URL(cpoEndpoint(module));
      for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
      const routed = routing();
      return pullAll(target.toString(), connection.token, { version: connection.version, ...(routed === undefined ? {} : { routing: routed }) });
    },
    pushToken(token) {
      const path = connected().version === '2.2.1' ? `/${String(token['country_code'])}/${String(token['party_id'])}/${encodeURIComponent(String(token['uid']))}` : `/${ownParty.country_code}/${ownParty.party_id}/${encodeURIComponent(String(token['uid']))}`;
      return mock.callCpo('PUT', 'tokens', `${path}?type=${String(token['type'] ?? 'RFID')}`, token);
    },
    async sendCommand(command, body, via) {
      const responseUrl = mock.commandResponseUrl(command);
      const reply = await mock.callCpo('POST', 'commands', `/${command}`, { ...body, response_url: responseUrl }, via);
      return { reply, responseUrl };
    },

    async close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      await server.close(500);
    },
  };
  return mock;
}
