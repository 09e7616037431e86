import type { RequestHandler, Response } from 'express';
import type { Clock } from '../../core/clock.ts';
import { partyOf } from '../partners/partner-party.ts';
import type { OcpiLocals } from './request-partner.ts';
import { requestIdsOf } from './request-ids.ts';
import type { TrafficRecorder } from './traffic-recorder.ts';
import { envelopeStatusCode } from './envelope-status.ts';
import { moduleOfPath } from './ocpi-path.ts';
import { recordedHeaders } from './recorded-headers.ts';

interface RecordingLocals {
  /** The request body as received, captured by the JSON parser (also when it is not valid JSON). */
  rawBody: string;
}

export function keepRawBody(response: Response, body: Buffer): void {
  (response.locals as Partial<RecordingLocals>).rawBody = body.toString('utf8');
}

/** Records every inbound request and our answer as an INBOUND OcpiExchange once the response is sent. */
export function exchangeRecording(deps: { readonly clock: Clock; readonly traffic: TrafficRecorder; readonly publicUrl: string }): RequestHandler {
  return (request, response, next) => {
    const startedAt = deps.clock.now();
    let responseBody: string | null = null;
    let sentStatusCode: number | null = null;
    const json = response.json.bind(response);
    response.json = (body?: unknown) => {
      sentStatusCode = statusCodeOfEnvelope(body);
      return json(body);
    };
    const send = response.send.bind(response);
    response.send = (body?: unknown) => {
      if (typeof body === 'string') responseBody = body;
      else if (Buffer.isBuffer(body)) responseBody = body.toString('utf8');
      return send(body);
    };
    response.once('finish', () => {
      const locals = response.locals as Partial<OcpiLocals & RecordingLocals>;
      const ids = requestIdsOf(response);
      deps.traffic.record({
        direction: 'INBOUND',
        party: partyOf(locals.partner),
        method: request.method,
        url: `${deps.publicUrl}${request.originalUrl}`,
        module: moduleOfPath(request.originalUrl),
        request_id: ids.requestId,
        ocpi_correlation_id: ids.correlationId,
        request_body: locals.rawBody === undefined || locals.rawBody === '' ? null : locals.rawBody,
        http_status: response.statusCode,
        ocpi_status_code: sentStatusCode ?? statusCodeOfEnvelopeText(responseBody),
        response_body: responseBody,
        error: null,
        started_at: startedAt,
        duration_ms: deps.clock.now() - startedAt,
        request_headers: recordedHeaders(request.headers),
        response_headers: recordedHeaders(response.getHeaders()),
      });
    });
    next();
  };
}

function statusCodeOfEnvelope(body: unknown): number | null {
  return typeof body === 'object' && body !== null && 'status_code' in body && Number.isInteger(body.status_code) ? (body.status_code as number) : null;
}

/**
 * An envelope sent as text (a page of stored objects is ~160 KB) ends with its status fields, after its
 * data: parse only from the last status_code key on. That tail parses as an object only when the key is
 * the envelope's own (a nested one leaves closing brackets over); else the whole text is parsed.
 */
function statusCodeOfEnvelopeText(body: string | null): number | null {
  const at = body?.lastIndexOf('"status_code":') ?? -1;
  if (body === null || at === -1) return null;
  return envelopeStatusCode(`{${body.slice(at)}`) ?? envelopeStatusCode(body);
}
