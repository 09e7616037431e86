import { z } from 'zod';
import { dateTime, problemsOf, text } from '../../../roaming/ocpi/common-fields.ts';
import { tokenObject } from '../../../roaming/ocpi/token-object.ts';

export const commandTypes = ['START_SESSION', 'STOP_SESSION', 'RESERVE_NOW', 'CANCEL_RESERVATION', 'UNLOCK_CONNECTOR'] as const;
export type CommandType = (typeof commandTypes)[number];

export function isCommandType(value: string): value is CommandType {
  return commandTypes.some((type) => type === value);
}

const responseUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const id36 = text(36);

/** The request objects of the Commands module (2.2.1, object tables 13.3). */
const requestSchemas = {
  START_SESSION: z
    .object({
      response_url: responseUrl,
      token: tokenObject,
      location_id: id36,
      evse_uid: id36.optional(),
      connector_id: id36.optional(),
      authorization_reference: id36.optional(),
    })
    .refine((request) => request.connector_id === undefined || request.evse_uid !== undefined, { message: 'connector_id needs evse_uid', path: ['evse_uid'] }),
  STOP_SESSION: z.object({ response_url: responseUrl, session_id: id36 }),
  RESERVE_NOW: z.object({
    response_url: responseUrl,
    token: tokenObject,
    expiry_date: dateTime,
    reservation_id: id36,
    location_id: id36,
    evse_uid: id36.optional(),
    authorization_reference: id36.optional(),
  }),
  CANCEL_RESERVATION: z.object({ response_url: responseUrl, reservation_id: id36 }),
  UNLOCK_CONNECTOR: z.object({ response_url: responseUrl, location_id: id36, evse_uid: id36, connector_id: id36 }),
} as const;

export type CommandRequest =
  | { readonly type: 'START_SESSION'; readonly request: z.infer<(typeof requestSchemas)['START_SESSION']> }
  | { readonly type: 'STOP_SESSION'; readonly request: z.infer<(typeof requestSchemas)['STOP_SESSION']> }
  | { readonly type: 'RESERVE_NOW'; readonly request: z.infer<(typeof requestSchemas)['RESERVE_NOW']> }
  | { readonly type: 'CANCEL_RESERVATION'; readonly request: z.infer<(typeof requestSchemas)['CANCEL_RESERVATION']> }
  | { readonly type: 'UNLOCK_CONNECTOR'; readonly request: z.infer<(typeof requestSchemas)['UNLOCK_CONNECTOR']> };

export type ParsedCommandRequest = { readonly ok: true; readonly command: CommandRequest } | { readonly ok: false; readonly problems: readonly string[] };

export function parseCommandRequest(type: CommandType, body: unknown): ParsedCommandRequest {
  const parsed = requestSchemas[type].safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  // The schema table is keyed by the type, so the pairing holds; TypeScript cannot see it through the index.
  return { ok: true, command: { type, request: parsed.data } as CommandRequest };
}
