import type { Response } from 'express';
import type { Clock } from '../../../core/clock.ts';
import { ocpiEnvelope } from '../../transport/ocpi-response.ts';

/**
 * Answers 200 with a success envelope whose data is a list of objects already in JSON text: stored
 * Sessions and CDRs travel as the text they were recorded as, without a parse and a stringify per page.
 */
export function sendOcpiJsonList(response: Response, clock: Clock, objectsJson: readonly string[]): void {
  const envelopeJson = JSON.stringify(ocpiEnvelope(clock, undefined));
  response.status(200).type('json').send(`{"data":[${objectsJson.join(',')}],${envelopeJson.slice(1)}`);
}
