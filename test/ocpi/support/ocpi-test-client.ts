import { randomUUID } from 'node:crypto';
import type { OcpiVersionId } from '../../../services/ocpi/partners/partner.ts';

/**
 * A small OCPI client for tests, written from the transport chapter rather than from our own client so
 * that both sides of an exchange are not built on the same assumptions.
 */

export interface OcpiEnvelopeBody {
  readonly data?: unknown;
  readonly status_code: number;
  readonly status_message?: string;
  readonly timestamp: string;
}

export interface OcpiReply {
  readonly httpStatus: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (normally an envelope); null when the body was empty or not JSON. */
  readonly body: OcpiEnvelopeBody | null;
  readonly text: string;
}

export interface OcpiParty {
  readonly country_code: string;
  readonly party_id: string;
}

export interface OcpiRequestOptions {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly token: string;
  readonly body?: unknown;
  /** 2.2.1 (default) sends the token base64-encoded, 2.1.1 sends it as is. */
  readonly version?: OcpiVersionId;
  /** 2.2.1 routing headers (OCPI-from/to-country-code and -party-id) for functional modules. */
  readonly routing?: { readonly from: OcpiParty; readonly to: OcpiParty };
  readonly headers?: Readonly<Record<string, string>>;
}

export function authorizationHeader(token: string, version: OcpiVersionId): string {
  return `Token ${version === '2.1.1' ? token : Buffer.from(token, 'utf8').toString('base64')}`;
}

export async function ocpiRequest(options: OcpiRequestOptions): Promise<OcpiReply> {
  const headers: Record<string, string> = {
    authorization: authorizationHeader(options.token, options.version ?? '2.2.1'),
    'x-request-id': randomUUID(),
    'x-correlation-id': randomUUID(),
    ...(options.routing === undefined
      ? {}
      : {
          'ocpi-from-country-code': options.routing.from.country_code,
          'ocpi-from-party-id': options.routing.from.party_id,
          'ocpi-to-country-code': options.routing.to.country_code,
          'ocpi-to-party-id': options.routing.to.party_id,
        }),
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const response = await fetch(options.url, {
    method: options.method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { httpStatus: response.status, headers: Object.fromEntries(response.headers.entries()), body: parseEnvelope(text), text };
}

function parseEnvelope(text: string): OcpiEnvelopeBody | null {
  if (text === '') return null;
  try {
    return JSON.parse(text) as OcpiEnvelopeBody;
  } catch {
    return null;
  }
}

export interface PulledPage extends OcpiReply {
  readonly url: string;
  /** The page's data array (empty when the page had none). */
  readonly objects: readonly unknown[];
}

export interface PullResult {
  readonly pages: readonly PulledPage[];
  /** Every object of every page, in order. */
  readonly objects: readonly unknown[];
}

/** The target of a `Link: <url>; rel="next"` header, or null on the last page. */
export function nextPageUrl(linkHeader: string | undefined): string | null {
  if (linkHeader === undefined) return null;
  for (const part of linkHeader.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match?.[1] !== undefined && /\brel\s*=\s*"?next"?/.test(match[2] ?? '')) return match[1];
  }
  return null;
}

/**
 * GETs a paginated list and follows `Link: rel="next"` until the last page, keeping every page with its
 * headers. Rejects when a page is not an HTTP 200 / OCPI 1000 answer with a data array, or when the
 * pages never end (a Link loop).
 */
export async function pullAll(
  url: string,
  token: string,
  options: { readonly version?: OcpiVersionId; readonly routing?: OcpiRequestOptions['routing']; readonly maxPages?: number } = {},
): Promise<PullResult> {
  const pages: PulledPage[] = [];
  const maxPages = options.maxPages ?? 1_000;
  for (let next: string | null = url; next !== null; ) {
    if (pages.length >= maxPages) throw new Error(`pullAll: more than ${maxPages} pages from ${url}, is the Link header looping?`);
    const reply = await ocpiRequest({ method: 'GET', url: next, token, ...(options.version === undefined ? {} : { version: options.version }), ...(options.routing === undefined ? {} : { routing: options.routing }) });
    const data = reply.body?.data;
    if (reply.httpStatus !== 200 || reply.body?.status_code !== 1000 || !Array.isArray(data)) {
      throw new Error(`pullAll: ${next} answered HTTP ${reply.httpStatus}: ${reply.text.slice(0, 500)}`);
    }
    pages.push({ ...reply, url: next, objects: data });
    next = nextPageUrl(reply.headers['link']);
  }
  return { pages, objects: pages.flatMap((page) => page.objects) };
}
