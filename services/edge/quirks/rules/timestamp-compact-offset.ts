import { repairEachViolation, unrepairable, type QuirkRule } from '../quirk-rule.ts';

const compactOffset = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-])(\d{2})(\d{2})?$/;

/**
 * Offsets written without the colon ('+0100') or without minutes ('+03') are ISO 8601 basic format,
 * which RFC 3339 date-time rejects; seen from the Monta OCPP emulator that many CSMS test with
 * (monta-app/ocpp-emulator#53: '2025-04-25T15:39:32+03').
 */
export const timestampCompactOffset: QuirkRule = {
  name: 'timestamp-compact-offset',
  trigger: 'invalid',
  repair: (input) =>
    repairEachViolation(
      input,
      (violation) => violation.keyword === 'format' && violation.params['format'] === 'date-time',
      (value) => {
        const match = typeof value === 'string' ? compactOffset.exec(value) : null;
        if (match === null) return unrepairable;
        const [, dateTime, sign, hours, minutes = '00'] = match;
        return `${dateTime}${sign}${hours}:${minutes}`;
      },
    ),
};
