import { repairEachViolation, unrepairable, type QuirkRule } from '../quirk-rule.ts';

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

/**
 * Growatt THOR wallboxes send date-times without a zone ('2023-10-19T12:00:00'), which OCPP's
 * ISO 8601 profile does not allow (evcc-io/evcc#10399). The zone cannot be known from the frame; UTC is
 * what a charger means that set its clock from our BootNotification answer (always UTC). A charger
 * configured to a local zone would need a per-charger offset, which this rule does not guess.
 */
export const timestampWithoutZoneAsUtc: QuirkRule = {
  name: 'timestamp-without-zone-as-utc',
  trigger: 'invalid',
  repair: (input) =>
    repairEachViolation(
      input,
      (violation) => violation.keyword === 'format' && violation.params['format'] === 'date-time',
      (value) => (typeof value === 'string' && localDateTime.test(value) ? `${value}Z` : unrepairable),
    ),
};
