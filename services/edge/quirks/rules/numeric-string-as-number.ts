import { repairEachViolation, unrepairable, type QuirkRule } from '../quirk-rule.ts';

const integerText = /^[+-]?\d+$/;
const decimalText = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Numbers sent as JSON strings ("connectorId": "1"), as the Virta charge-device-simulator did for
 * evseId/connectorId in 2.0.1 (virta-ltd/charge-device-simulator#9). Only text that is exactly a
 * number of the expected kind is converted.
 */
export const numericStringAsNumber: QuirkRule = {
  name: 'numeric-string-as-number',
  trigger: 'invalid',
  repair: (input) =>
    repairEachViolation(
      input,
      (violation) => violation.keyword === 'type' && (violation.params['type'] === 'integer' || violation.params['type'] === 'number'),
      (value, violation) => {
        if (typeof value !== 'string') return unrepairable;
        const text = value.trim();
        const fits = violation.params['type'] === 'integer' ? integerText.test(text) : decimalText.test(text);
        return fits ? Number(text) : unrepairable;
      },
    ),
};
