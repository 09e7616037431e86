import { describe, expect, it } from 'vitest';
import type { AvroSchema } from '../../services/core/serde/avro-schema.ts';
import { checkCompatibility, type CompatibilityLevel } from '../../services/core/serde/compatibility.ts';

const charger = (fields: readonly unknown[]): AvroSchema => ({ type: 'record', name: 'Charger', namespace: 'io.switchyard.test', fields });
const id = { name: 'id', type: 'string' };
const status = (symbols: readonly string[], defaultSymbol?: string) => ({
  name: 'status',
  type: { type: 'enum', name: 'Status', symbols, ...(defaultSymbol === undefined ? {} : { default: defaultSymbol }) },
});
const event = (branches: readonly string[]) =>
  charger([{ name: 'payload', type: branches.map((name) => ({ type: 'record', name, fields: [{ name: 'at', type: 'long' }] })) }]);

describe('BACKWARD: the new schema reads what the old one wrote', () => {
  it.each([
    { given: 'an added field with a default', old: charger([id]), candidate: charger([id, { name: 'vendor', type: ['null', 'string'], default: null }]), compatible: true },
    { given: 'an added field without a default', old: charger([id]), candidate: charger([id, { name: 'vendor', type: 'string' }]), compatible: false },
    { given: 'a removed field', old: charger([id, { name: 'vendor', type: 'string' }]), candidate: charger([id]), compatible: true },
    { given: 'a changed field type', old: charger([id]), candidate: charger([{ name: 'id', type: 'int' }]), compatible: false },
    { given: 'a promoted field type (int to long)', old: charger([{ name: 'n', type: 'int' }]), candidate: charger([{ name: 'n', type: 'long' }]), compatible: true },
    { given: 'a renamed field without alias', old: charger([id]), candidate: charger([{ name: 'charger_id', type: 'string' }]), compatible: false },
    { given: 'a renamed field with an alias', old: charger([id]), candidate: charger([{ name: 'charger_id', type: 'string', aliases: ['id'] }]), compatible: true },
    { given: 'an added enum symbol', old: charger([status(['A', 'B'])]), candidate: charger([status(['A', 'B', 'C'])]), compatible: true },
    { given: 'a removed enum symbol', old: charger([status(['A', 'B'])]), candidate: charger([status(['A'])]), compatible: false },
    { given: 'a removed enum symbol with a default', old: charger([status(['A', 'B'], 'A')]), candidate: charger([status(['A'], 'A')]), compatible: true },
    { given: 'a union branch added at the end', old: event(['Booted']), candidate: event(['Booted', 'Stopped']), compatible: true },
    { given: 'a removed union branch', old: event(['Booted', 'Stopped']), candidate: event(['Booted']), compatible: false },
    { given: 'a renamed record', old: charger([id]), candidate: { type: 'record', name: 'Station', namespace: 'io.switchyard.test', fields: [id] }, compatible: false },
  ])('given $given: compatible = $compatible', ({ old, candidate, compatible }) => {
    const verdict = checkCompatibility('BACKWARD', candidate, [{ version: 1, schema: old }]);
    expect(verdict.compatible).toBe(compatible);
    if (!verdict.compatible) expect(verdict.messages[0]).toMatch(/^new schema cannot read data written with version 1: /);
  });
});

describe('levels', () => {
  const v1 = charger([id, { name: 'vendor', type: 'string' }]);
  const v2 = charger([id]);
  // v3 brings vendor back with a default, so it reads both v1 (vendor present) and v2 (default applies).
  const v3 = charger([id, { name: 'vendor', type: 'string', default: 'unknown' }]);
  const existing = [
    { version: 1, schema: v1 },
    { version: 2, schema: v2 },
  ];

  it.each<{ level: CompatibilityLevel; candidate: AvroSchema; compatible: boolean }>([
    { level: 'NONE', candidate: charger([{ name: 'id', type: 'int' }]), compatible: true },
    { level: 'BACKWARD', candidate: v3, compatible: true },
    { level: 'BACKWARD_TRANSITIVE', candidate: v3, compatible: true },
    { level: 'BACKWARD', candidate: charger([id, { name: 'vendor', type: 'string' }]), compatible: false },
    { level: 'FORWARD', candidate: charger([id, { name: 'extra', type: 'string' }]), compatible: true },
    { level: 'FORWARD_TRANSITIVE', candidate: charger([id]), compatible: false },
    { level: 'FULL', candidate: v3, compatible: true },
    { level: 'FULL_TRANSITIVE', candidate: v3, compatible: true },
    { level: 'FULL', candidate: charger([id, { name: 'extra', type: 'string' }]), compatible: false },
  ])('$level given a candidate: compatible = $compatible', ({ level, candidate, compatible }) => {
    expect(checkCompatibility(level, candidate, existing).compatible).toBe(compatible);
  });

  it('transitive levels check every version, plain levels only the latest', () => {
    const dropsVendorType = charger([id, { name: 'vendor', type: 'int', default: 0 }]);
    // Reads v2 (no vendor: default applies) but not v1 (vendor was a string).
    expect(checkCompatibility('BACKWARD', dropsVendorType, existing).compatible).toBe(true);
    const transitive = checkCompatibility('BACKWARD_TRANSITIVE', dropsVendorType, existing);
    expect(transitive).toEqual({ compatible: false, messages: [expect.stringMatching(/^new schema cannot read data written with version 1: /)] });
  });
});
