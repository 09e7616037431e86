import type { JsonObject } from '../../protocol/frame.ts';

/** A command in one version's words, or why that version cannot say it. */
export type OcppRequest =
  | { readonly ok: true; readonly action: string; readonly payload: JsonObject }
  | { readonly ok: false; readonly reason: string };

export function request(action: string, payload: JsonObject): OcppRequest {
  return { ok: true, action, payload };
}

export function cannotExpress(reason: string): OcppRequest {
  return { ok: false, reason };
}

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();

export const isoOrNull = (epochMs: number | null): string | null => (epochMs === null ? null : iso(epochMs));
