import { repairEachViolation, unrepairable, type QuirkRule } from '../quirk-rule.ts';

/**
 * CiString overflow: the Schneider Electric EVlink Smart Wallbox (firmware 3.4.0.x) sends a 26
 * character chargePointSerialNumber and a 33-34 character chargeBoxSerialNumber where 1.6 allows 25
 * (mobilityhouse/ocpp#122, mobilityhouse/ocpp#273, lbbrhzn/ocpp#1622). The value is cut to the
 * limit; the raw frame keeps the full text.
 */
export const truncateOverlongStrings: QuirkRule = {
  name: 'truncate-overlong-strings',
  trigger: 'invalid',
  repair: (input) =>
    repairEachViolation(
      input,
      (violation) => violation.keyword === 'maxLength',
      (value, violation) => {
        const limit = violation.params['limit'];
        return typeof value === 'string' && typeof limit === 'number' ? [...value].slice(0, limit).join('') : unrepairable;
      },
    ),
};
