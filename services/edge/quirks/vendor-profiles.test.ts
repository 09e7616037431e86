import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import { enabledQuirkRules, identityFromBoot, noOverrides, type ChargerIdentity, type QuirkOverrides } from './vendor-profiles.ts';

describe('enabledQuirkRules', () => {
  it.each<{ name: string; identity: ChargerIdentity | null; overrides: QuirkOverrides; then: string[] }>([
    {
      name: 'Schneider EVlink on 3.4 firmware',
      identity: { vendor: 'Schneider Electric', model: 'EVlink Smart Wallbox', firmwareVersion: '3.4.0.9' },
      overrides: noOverrides,
      then: ['truncate-overlong-strings'],
    },
    {
      name: 'Schneider EVlink on other firmware',
      identity: { vendor: 'Schneider Electric', model: 'EVlink Smart Wallbox', firmwareVersion: '4.0.1' },
      overrides: noOverrides,
      then: [],
    },
    { name: 'Growatt THOR', identity: { vendor: 'Growatt', model: 'THOR 22AS', firmwareVersion: null }, overrides: noOverrides, then: ['timestamp-without-zone-as-utc'] },
    { name: 'Legrand GreenUp', identity: { vendor: 'Legrand', model: 'GreenUp Premium', firmwareVersion: '1' }, overrides: noOverrides, then: ['unknown-error-code-as-other-error'] },
    { name: 'an unknown vendor', identity: { vendor: 'ACME', model: 'X', firmwareVersion: '1' }, overrides: noOverrides, then: [] },
    { name: 'no boot yet', identity: null, overrides: noOverrides, then: [] },
    {
      name: 'an operator enabling a rule',
      identity: { vendor: 'ACME', model: 'X', firmwareVersion: '1' },
      overrides: { enable: ['energy-kwh-labelled-wh'], disable: [] },
      then: ['energy-kwh-labelled-wh'],
    },
    {
      name: 'an operator disabling a profile rule',
      identity: { vendor: 'Huawei', model: 'SCharger-7KS', firmwareVersion: '060' },
      overrides: { enable: [], disable: ['single-object-as-array'] },
      then: [],
    },
  ])('given $name then the enabled rules are $then', ({ identity, overrides, then }) => {
    expect([...enabledQuirkRules(identity, overrides)]).toEqual(then);
  });
});

describe('identityFromBoot', () => {
  it.each<{ version: OcppVersion; given: JsonObject; then: ChargerIdentity | null }>([
    {
      version: 'ocpp1.6',
      given: { chargePointVendor: 'Schneider Electric', chargePointModel: 'EVlink', firmwareVersion: '3.4.0.9', chargeBoxSerialNumber: 'x'.repeat(40) },
      then: { vendor: 'Schneider Electric', model: 'EVlink', firmwareVersion: '3.4.0.9' },
    },
    { version: 'ocpp1.6', given: { chargePointVendor: 'V' }, then: null },
    {
      version: 'ocpp2.0.1',
      given: { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } },
      then: { vendor: 'V', model: 'M', firmwareVersion: null },
    },
    { version: 'ocpp2.0.1', given: { reason: 'PowerUp', chargingStation: 'V' }, then: null },
  ])('given a $version boot $given then the identity is $then', ({ version, given, then }) => {
    expect(identityFromBoot(version, given)).toEqual(then);
  });
});
