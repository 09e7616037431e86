import type { Response } from 'express';
import type { Clock } from '../../core/clock.ts';
import { ocpiStatus, type OcpiStatusCode } from './ocpi-status.ts';

export interface OcpiEnvelope<T> {
  readonly data?: T;
  readonly status_code: number;
  readonly status_message?: string;
  readonly timestamp: string;
}

export function ocpiEnvelope<T>(clock: Clock, data: T | undefined, statusCode: OcpiStatusCode = ocpiStatus.success, statusMessage?: string): OcpiEnvelope<T> {
  return {
    ...(data === undefined ? {} : { data }),
    status_code: statusCode,
    ...(statusMessage === undefined ? {} : { status_message: statusMessage }),
    timestamp: new Date(clock.now()).toISOString(),
  };
}

/**
 * Answers with a success envelope (the one way module handlers answer): HTTP 200, or 201 for an object a
 * PUT created (status codes chapter).
 */
export function sendOcpiData<T>(response: Response, clock: Clock, data: T | undefined, httpStatus: 200 | 201 = 200): void {
  response.status(httpStatus).json(ocpiEnvelope(clock, data));
}
