import type { JsonObject } from '../protocol/frame.ts';
import { isJsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { QuirkRuleName } from './rule-catalogue.ts';

/** Who the charger says it is, from its BootNotification. */
export interface ChargerIdentity {
  readonly vendor: string;
  readonly model: string;
  readonly firmwareVersion: string | null;
}

interface VendorProfile {
  readonly vendor: RegExp;
  readonly model?: RegExp;
  readonly firmware?: RegExp;
  readonly rules: readonly QuirkRuleName[];
}

/** Each row cites its public report in the rule it enables (see rules/). */
const vendorProfiles: readonly VendorProfile[] = [
  { vendor: /^Schneider Electric$/i, model: /EVlink/i, firmware: /^3\.4\./, rules: ['truncate-overlong-strings'] },
  { vendor: /Growatt/i, model: /THOR/i, rules: ['timestamp-without-zone-as-utc'] },
  { vendor: /Huawei/i, rules: ['single-object-as-array'] },
  { vendor: /OpenEVSE/i, firmware: /^4\.1\./, rules: ['number-as-string'] },
  { vendor: /Legrand/i, model: /GreenUp/i, rules: ['unknown-error-code-as-other-error'] },
];

/** What the operator set for one charger in the registry, on top of its vendor profile. */
export interface QuirkOverrides {
  readonly enable: readonly QuirkRuleName[];
  readonly disable: readonly QuirkRuleName[];
}

export const noOverrides: QuirkOverrides = { enable: [], disable: [] };

export function enabledQuirkRules(identity: ChargerIdentity | null, overrides: QuirkOverrides): ReadonlySet<QuirkRuleName> {
  const fromProfiles =
    identity === null
      ? []
      : vendorProfiles
          .filter(
            (profile) =>
              profile.vendor.test(identity.vendor) &&
              (profile.model === undefined || profile.model.test(identity.model)) &&
              (profile.firmware === undefined || profile.firmware.test(identity.firmwareVersion ?? '')),
          )
          .flatMap((profile) => profile.rules);
  const disabled = new Set(overrides.disable);
  return new Set([...fromProfiles, ...overrides.enable].filter((name) => !disabled.has(name)));
}

/**
 * The identity a BootNotification claims, read before validation: the boot that carries a quirk is
 * the one that must select the rules to repair it. Absent or non-text fields read as unknown.
 */
export function identityFromBoot(version: OcppVersion, payload: JsonObject): ChargerIdentity | null {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  switch (version) {
    case 'ocpp1.6': {
      const vendor = text(payload['chargePointVendor']);
      const model = text(payload['chargePointModel']);
      return vendor === null || model === null ? null : { vendor, model, firmwareVersion: text(payload['firmwareVersion']) };
    }
    case 'ocpp2.0.1': {
      const station = payload['chargingStation'];
      if (!isJsonObject(station)) return null;
      const vendor = text(station['vendorName']);
      const model = text(station['model']);
      return vendor === null || model === null ? null : { vendor, model, firmwareVersion: text(station['firmwareVersion']) };
    }
    default: {
      const unreachable: never = version;
      return unreachable;
    }
  }
}
