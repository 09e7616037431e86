import { z } from 'zod';
import type { AuthorizationDecided, CommandAnswered, CommandSent, IdToken } from '../../core/events/generated-types.ts';
import { commandTokenWindowMs } from '../../roaming/tokens/command-token-window.ts';
import type { AuthMethod } from './tracked-session.ts';

/**
 * What a charger's own traffic on switchyard.ocpp.events tells about how its next session was
 * authorized: the edge's latest token decisions (who decided, the eMSP's authorization_reference) and the
 * remote starts sent to it that it has not refused and no session has used yet.
 */
export interface AuthorizationTrail {
  /** Newest last, at most `decisionsKept`. */
  readonly decisions: readonly RecordedDecision[];
  /** Oldest first; each expires `remoteStartWindowMs` after it was sent. */
  readonly remoteStarts: readonly PendingRemoteStart[];
}

interface RecordedDecision {
  readonly token: IdToken;
  readonly decidedBy: string;
  readonly authorizationReference: string | null;
}

interface PendingRemoteStart {
  readonly commandId: string;
  readonly tokenValue: string;
  /** 1.6 connectorId / 2.0.1 evseId (the id TransactionStarted carries as evse_id); null: any. */
  readonly evseId: number | null;
  /** 2.0.1 only. */
  readonly remoteStartId: number | null;
  readonly sentAt: number;
}

export const emptyTrail: AuthorizationTrail = { decisions: [], remoteStarts: [] };

/**
 * The edge decides a start's token in the same call that starts it (1.6 StartTransaction, 2.0.1
 * TransactionEvent) and records the decision just before the start, so only the last few decisions matter.
 */
const decisionsKept = 8;

/** A start after the command's token window was authorized some other way. */
export const remoteStartWindowMs = commandTokenWindowMs;

const remoteStart16 = z.object({ connectorId: z.number().int().nullish(), idTag: z.string() });
const remoteStart201 = z.object({ evseId: z.number().int().nullish(), remoteStartId: z.number().int(), idToken: z.object({ idToken: z.string() }) });

export function withDecision(trail: AuthorizationTrail, decided: AuthorizationDecided): AuthorizationTrail {
  const decision: RecordedDecision = { token: decided.id_token, decidedBy: decided.decided_by, authorizationReference: decided.authorization_reference };
  return { ...trail, decisions: [...trail.decisions, decision].slice(-decisionsKept) };
}

/** `at`: when the edge recorded the CALL (the edge's clock, like the `at` of `authorizeSession`). */
export function withCommandSent(trail: AuthorizationTrail, sent: CommandSent, at: number): AuthorizationTrail {
  const started = remoteStartOf(sent, at);
  if (started === null) return trail;
  return { ...trail, remoteStarts: [...unexpired(trail.remoteStarts, at), started] };
}

/** A start the charger did not accept starts nothing: a later local start with that token is not a command's. */
export function withCommandAnswered(trail: AuthorizationTrail, answered: CommandAnswered): AuthorizationTrail {
  if (answered.outcome === 'ACCEPTED' || !trail.remoteStarts.some((start) => start.commandId === answered.command_id)) return trail;
  return { ...trail, remoteStarts: trail.remoteStarts.filter((start) => start.commandId !== answered.command_id) };
}

export interface SessionStart {
  readonly token: IdToken;
  readonly evseId: number;
  /** The charger itself says so: 2.0.1 remoteStartId, or triggerReason RemoteStart. */
  readonly remoteStartClaimed: boolean;
  readonly remoteStartId: number | null;
  /** When the edge recorded the start. */
  readonly at: number;
}

/** OCPI AuthMethod of a session and the eMSP's authorization_reference for it. */
export interface SessionAuthorization {
  readonly method: AuthMethod;
  readonly reference: string | null;
}

/**
 * How a session that got its token was authorized. COMMAND: a start command (OCPI START_SESSION or the
 * admin API's start_session) for this token and EVSE preceded it, or the charger says it was remote
 * started. Otherwise AUTH_REQUEST when the edge asked the token's eMSP in real time, WHITELIST when the
 * list decided alone (whitelist ALWAYS, the list's fallback when the eMSP did not answer, free vend, or no
 * decision recorded). The reference is the one of the edge's latest decision on the token at this
 * charger; a command grant's decision carries the START_SESSION's authorization_reference. The matched
 * remote start is used up.
 */
export function authorizeSession(trail: AuthorizationTrail, start: SessionStart): { readonly trail: AuthorizationTrail; readonly authorization: SessionAuthorization } {
  const pending = unexpired(trail.remoteStarts, start.at);
  const matched = pending.find((candidate) => startedBy(candidate, start));
  const remaining = matched === undefined ? pending : pending.filter((candidate) => candidate !== matched);
  const decision = trail.decisions.findLast((candidate) => candidate.token.value === start.token.value && candidate.token.type === start.token.type);
  const method: AuthMethod = start.remoteStartClaimed || matched !== undefined ? 'COMMAND' : decision?.decidedBy === 'emsp' ? 'AUTH_REQUEST' : 'WHITELIST';
  return { trail: { ...trail, remoteStarts: remaining }, authorization: { method, reference: decision?.authorizationReference ?? null } };
}

function startedBy(remote: PendingRemoteStart, start: SessionStart): boolean {
  if (start.remoteStartId !== null && remote.remoteStartId !== null) return start.remoteStartId === remote.remoteStartId;
  return remote.tokenValue === start.token.value && (remote.evseId === null || remote.evseId === start.evseId);
}

function unexpired(starts: readonly PendingRemoteStart[], at: number): readonly PendingRemoteStart[] {
  return starts.filter((start) => at - start.sentAt <= remoteStartWindowMs);
}

function remoteStartOf(sent: CommandSent, at: number): PendingRemoteStart | null {
  const fields = { commandId: sent.command_id, sentAt: at };
  switch (sent.action) {
    case 'RemoteStartTransaction': {
      const parsed = remoteStart16.safeParse(parsedJson(sent.request_json));
      return parsed.success ? { ...fields, tokenValue: parsed.data.idTag, evseId: parsed.data.connectorId ?? null, remoteStartId: null } : null;
    }
    case 'RequestStartTransaction': {
      const parsed = remoteStart201.safeParse(parsedJson(sent.request_json));
      return parsed.success ? { ...fields, tokenValue: parsed.data.idToken.idToken, evseId: parsed.data.evseId ?? null, remoteStartId: parsed.data.remoteStartId } : null;
    }
    default:
      return null;
  }
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
