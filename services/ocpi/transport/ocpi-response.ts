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

/** Answers 200 with a success envelope (the one way module handlers answer). */
export function sendOcpiData<T>(response: Response, clock: Clock, data: T | undefined): void {
  response.status(200).json(ocpiEnvelope(clock, data));
}
