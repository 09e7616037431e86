import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { describeError, SwitchyardError } from '../../core/errors.ts';
import type { Partner } from '../partners/partner.ts';
import { partyOf } from '../partners/partner-party.ts';
import { authorizationHeader } from '../transport/authorization-header.ts';
import { envelopeStatusCode } from '../transport/envelope-status.ts';
import { recordedHeaders } from '../transport/recorded-headers.ts';
import { correlationIdHeader, requestIdHeader } from '../transport/request-ids.ts';
import type { TrafficRecorder } from '../transport/traffic-recorder.ts';
import type { PartnerClient, PartnerRequest, PartnerResponse } from './partner-client.ts';

export interface HttpPartnerClientDeps {
  readonly clock: Clock;
  readonly traffic: TrafficRecorder;
  readonly timeoutMs: number;
}

type Recipient = Parameters<PartnerClient['send']>[0];

/** PartnerClient over fetch: one attempt per call, bounded by a timeout; retrying is the caller's choice. */
export function createPartnerClient(deps: HttpPartnerClientDeps): PartnerClient {
  return {
    async send(recipient, request) {
      const requestId = randomUUID();
      const correlationId = request.correlationId ?? randomUUID();
      const requestBody = request.body === undefined ? null : JSON.stringify(request.body);
      const startedAt = deps.clock.now();
      const headers = requestHeaders(recipient, request, requestId, correlationId, requestBody !== null);
      const record = (outcome: { httpStatus: number | null; responseBody: string | null; responseHeaders: Record<string, string>; error: string | null }) =>
        deps.traffic.record({
          direction: 'OUTBOUND',
          party: partyOf(isPartner(recipient) ? recipient : undefined),
          method: request.method,
          url: request.url,
          module: request.module,
          request_id: requestId,
          ocpi_correlation_id: correlationId,
          request_body: requestBody,
          http_status: outcome.httpStatus,
          ocpi_status_code: envelopeStatusCode(outcome.responseBody),
          response_body: outcome.responseBody,
          error: outcome.error,
          started_at: startedAt,
          duration_ms: deps.clock.now() - startedAt,
          request_headers: recordedHeaders(headers),
          response_headers: outcome.responseHeaders,
        });

      let response: Response;
      let text: string;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers,
          ...(requestBody === null ? {} : { body: requestBody }),
          signal: AbortSignal.timeout(request.timeoutMs ?? deps.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        record({ httpStatus: null, responseBody: null, responseHeaders: {}, error: describeError(error) });
        throw new SwitchyardError('ocpi.partner-unreachable', `${request.method} ${request.url} failed: ${describeError(error)}`, { retriable: true, cause: error });
      }
      const answer = partnerResponse(response, text);
      record({ httpStatus: response.status, responseBody: text, responseHeaders: recordedHeaders(answer.headers), error: null });
      if (response.status >= 500 || (answer.ocpiStatusCode !== null && answer.ocpiStatusCode >= 3000 && answer.ocpiStatusCode < 4000)) {
        throw new SwitchyardError(
          'ocpi.partner-server-error',
          `${request.method} ${request.url} answered HTTP ${response.status}, OCPI ${String(answer.ocpiStatusCode)}: ${answer.statusMessage ?? 'no message'}`,
          { retriable: true },
        );
      }
      return answer;
    },
  };
}

function isPartner(recipient: Recipient): recipient is Partner {
  return 'roles' in recipient;
}

function requestHeaders(recipient: Recipient, request: PartnerRequest, requestId: string, correlationId: string, hasBody: boolean): Record<string, string> {
  const token = isPartner(recipient) ? recipient.outgoingToken : recipient.token;
  if (token === null) throw new SwitchyardError('ocpi.partner-not-registered', `partner ${recipient.id ?? 'unknown'} has no token to call it with`, { retriable: false });
  const version = isPartner(recipient) ? recipient.version : (recipient.version ?? null);
  return {
    authorization: authorizationHeader(token, version),
    [requestIdHeader]: requestId,
    [correlationIdHeader]: correlationId,
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
    ...(request.routing === undefined
      ? {}
      : {
          'OCPI-from-country-code': request.routing.from.countryCode,
          'OCPI-from-party-id': request.routing.from.partyId,
          'OCPI-to-country-code': request.routing.to.countryCode,
          'OCPI-to-party-id': request.routing.to.partyId,
        }),
  };
}

function partnerResponse(response: Response, text: string): PartnerResponse {
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  const envelope = typeof parsed === 'object' && parsed !== null && 'status_code' in parsed ? (parsed as { status_code: unknown; status_message?: unknown; data?: unknown }) : null;
  return {
    httpStatus: response.status,
    ocpiStatusCode: envelope !== null && typeof envelope.status_code === 'number' ? envelope.status_code : null,
    statusMessage: envelope !== null && typeof envelope.status_message === 'string' ? envelope.status_message : null,
    data: envelope === null ? parsed : envelope.data,
    headers: Object.fromEntries(response.headers.entries()),
  };
}
