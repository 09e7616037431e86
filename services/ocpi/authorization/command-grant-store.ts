import type { Clock } from '../../core/clock.ts';
import type { RealtimeAnswer } from '../../roaming/tokens/realtime-authorization.ts';
import type { SharedState } from '../state/shared-state.ts';
import { answerFromGrant, commandGrant, grantKeyOf, type GrantedToken, type TokenAtCharger } from './command-grants.ts';

/** The command grants every OCPI instance shares (switchyard.ocpi.command-grants). */
export interface CommandGrantStore {
  /** Durable once it resolves: the charger's question may reach any instance. */
  grant(token: GrantedToken): Promise<void>;
  /** The grant's answer, or undefined (then the eMSP is asked). */
  answerFor(question: TokenAtCharger): Promise<RealtimeAnswer | undefined>;
}

export function commandGrantStoreOn(state: SharedState<'switchyard.ocpi.command-grants'>, deps: { readonly clock: Clock; readonly windowMs: number }): CommandGrantStore {
  const answerNow = (question: TokenAtCharger): RealtimeAnswer | undefined => answerFromGrant(state.get(grantKeyOf(question)), deps.clock.now());
  return {
    async grant(token) {
      const grant = commandGrant(token, deps.clock.now(), deps.windowMs);
      await state.put(grantKeyOf(grant), grant);
    },
    async answerFor(question) {
      const known = answerNow(question);
      if (known !== undefined) return known;
      // Another instance may have taken the command a moment ago: catching up costs a bus round trip,
      // against the eMSP's HTTP round trip it saves.
      await state.upToDate();
      return answerNow(question);
    },
  };
}
