import type { JsonObject } from '../protocol/frame.ts';
import type { RpcError } from '../protocol/rpc-error.ts';
import type { MessageKind } from '../protocol/schema-catalogue.ts';
import { validateCall, validateResult, type SchemaViolation, type ValidationOutcome } from '../protocol/validate.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { QuirkRule } from './quirk-rule.ts';
import { quirkRules, type QuirkRuleName } from './rule-catalogue.ts';

export interface PrepareInput {
  readonly version: OcppVersion;
  readonly action: string;
  /** As parsed from the frame; never modified. */
  readonly payload: JsonObject;
  readonly enabledRules: ReadonlySet<QuirkRuleName>;
  readonly receivedAt: number;
}

export type Prepared =
  | { readonly ok: true; readonly payload: JsonObject; readonly quirksApplied: readonly QuirkRuleName[] }
  /** The error describes the payload as the charger sent it, not a half-repaired one. */
  | { readonly ok: false; readonly error: RpcError; readonly violations: readonly SchemaViolation[] };

const validators: Readonly<Record<MessageKind, (version: OcppVersion, action: string, payload: unknown) => ValidationOutcome>> = {
  request: validateCall,
  response: validateResult,
};

/** A charger CALL, ready for the CSMS: strictly valid as sent, or made valid by its enabled quirk rules. */
export function prepareCall(input: PrepareInput): Prepared {
  return prepare('request', input);
}

/** A charger's CALLRESULT to one of our commands, through the same rules. */
export function prepareResult(input: PrepareInput): Prepared {
  return prepare('response', input);
}

function prepare(kind: MessageKind, input: PrepareInput): Prepared {
  const validate = (payload: JsonObject) => validators[kind](input.version, input.action, payload);
  const rules = quirkRules.filter((rule) => input.enabledRules.has(rule.name));
  const strict = validate(input.payload);
  let payload = input.payload;
  const applied: QuirkRuleName[] = [];
  if (!strict.ok) {
    let outcome: ValidationOutcome = strict;
    for (const rule of rules.filter((r) => r.trigger === 'invalid')) {
      if (outcome.ok) break;
      const repaired = tryRule(rule, kind, input, payload, outcome.violations);
      if (repaired === undefined) continue;
      payload = repaired;
      applied.push(rule.name);
      outcome = validate(payload);
    }
    if (!outcome.ok) return { ok: false, error: strict.error, violations: strict.violations };
  }
  for (const rule of rules.filter((r) => r.trigger === 'always')) {
    const repaired = tryRule(rule, kind, input, payload, []);
    // A meaning fix that breaks the schema would trade one wrong payload for another: keep the valid one.
    if (repaired === undefined || !validate(repaired).ok) continue;
    payload = repaired;
    applied.push(rule.name);
  }
  return { ok: true, payload, quirksApplied: applied };
}

function tryRule(
  rule: QuirkRule,
  kind: MessageKind,
  input: PrepareInput,
  payload: JsonObject,
  violations: readonly SchemaViolation[],
): JsonObject | undefined {
  const copy = structuredClone(payload);
  const changed = rule.repair({ version: input.version, kind, action: input.action, payload: copy, violations, receivedAt: input.receivedAt });
  return changed ? copy : undefined;
}
