import type { OcppVersion } from '../protocol/versions.ts';
import { notSupported, type ActionDecider, type CsmsDecision, type DecisionInput } from './decision.ts';
import { deciders16 } from './deciders-16.ts';
import { deciders201 } from './deciders-201.ts';

const decidersByVersion: Readonly<Record<OcppVersion, Readonly<Record<string, ActionDecider>>>> = {
  'ocpp1.6': deciders16,
  'ocpp2.0.1': deciders201,
};

/**
 * The built-in CSMS: answers a validated charger call. Pure: every lookup (registry policy, token,
 * transaction id) is resolved by the caller and passed in, and time comes in as `now`.
 * Charger actions without a built-in decision are answered NotSupported.
 */
export function decideCall(input: DecisionInput): CsmsDecision {
  const decide = Object.hasOwn(decidersByVersion[input.version], input.action)
    ? decidersByVersion[input.version][input.action]
    : undefined;
  return decide === undefined ? notSupported(input) : decide(input);
}
