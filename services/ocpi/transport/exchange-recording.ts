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
        ocpi_status_code: envelopeStatusCode(responseBody),
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
