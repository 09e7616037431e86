import type { JsonObject } from '../protocol/frame.ts';
import type { MessageKind } from '../protocol/schema-catalogue.ts';
import type { SchemaViolation } from '../protocol/validate.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import { setValueAt, valueAt } from './json-pointer.ts';

export interface QuirkInput {
  readonly version: OcppVersion;
  readonly kind: MessageKind;
  readonly action: string;
  /** The rule's own copy: it may change it in place. */
  readonly payload: JsonObject;
  readonly violations: readonly SchemaViolation[];
  /** Clock time the frame arrived (epoch ms). */
  readonly receivedAt: number;
}

/**
 * A known deviation of some chargers and the repair that makes their payload what they meant.
 * 'invalid' rules run only when strict validation failed and are guided by its violations;
 * 'always' rules fix meaning that no schema can see (a unit mismatch) and run on every valid payload.
 */
export interface QuirkRule {
  readonly name: string;
  readonly trigger: 'invalid' | 'always';
  /** Repairs input.payload in place; returns whether it changed anything. */
  readonly repair: (input: QuirkInput) => boolean;
}

export const unrepairable = Symbol('unrepairable');

/**
 * The common shape of violation-guided rules: for each violation the rule recognises, replace the
 * offending value with a repaired one.
 */
export function repairEachViolation(
  input: QuirkInput,
  recognises: (violation: SchemaViolation) => boolean,
  repairValue: (value: unknown, violation: SchemaViolation) => unknown,
): boolean {
  let changed = false;
  for (const violation of input.violations) {
    if (!recognises(violation)) continue;
    const repaired = repairValue(valueAt(input.payload, violation.path), violation);
    if (repaired === unrepairable) continue;
    setValueAt(input.payload, violation.path, repaired);
    changed = true;
  }
  return changed;
}
