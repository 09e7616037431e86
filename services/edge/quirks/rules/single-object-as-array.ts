import { isJsonObject } from '../../protocol/frame.ts';
import { repairEachViolation, unrepairable, type QuirkRule } from '../quirk-rule.ts';

/**
 * A lone object where an array is required: Huawei SCharger wallboxes send MeterValues with
 * "meterValue": { ... } instead of [ { ... } ] (lbbrhzn/ocpp#1144).
 */
export const singleObjectAsArray: QuirkRule = {
  name: 'single-object-as-array',
  trigger: 'invalid',
  repair: (input) =>
    repairEachViolation(
      input,
      (violation) => violation.keyword === 'type' && violation.params['type'] === 'array',
      (value) => (isJsonObject(value) ? [value] : unrepairable),
    ),
};
