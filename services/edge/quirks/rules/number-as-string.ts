import { repairEachViolation, unrepairable, type QuirkRule } from '../quirk-rule.ts';

/**
 * JSON numbers where OCPP 1.6 wants a string: the OpenEVSE ESP32 WiFi firmware 4.1.2 sends
 * sampledValue.value as a number (OpenEVSE/openevse_esp32_firmware#335).
 */
export const numberAsString: QuirkRule = {
  name: 'number-as-string',
  trigger: 'invalid',
  repair: (input) =>
    repairEachViolation(
      input,
      (violation) => violation.keyword === 'type' && violation.params['type'] === 'string',
      (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : unrepairable),
    ),
};
