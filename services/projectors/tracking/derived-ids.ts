import { createHash } from 'node:crypto';

/**
 * Ids of projector outputs are functions of their inputs, never of the clock or a random source, so
 * replaying the same events yields the same ids (and the same bytes).
 */
function digest(...parts: readonly string[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest();
}

/** 32 hex characters: fits OCPI's CiString(36) and leaves room for CDR revision and credit suffixes. */
export function sessionIdOf(chargerId: string, transactionId: string): string {
  return digest('session', chargerId, transactionId).subarray(0, 16).toString('hex').toUpperCase();
}

/** The first CDR of a session carries the session's id; a re-issue after a credit gets `-<revision>`. */
export function cdrIdOf(sessionId: string, revision: number): string {
  return revision === 0 ? sessionId : `${sessionId}-${revision}`;
}

/** OCPI suggests the original id with `-C` appended (CiString(39) leaves room for it). */
export function creditCdrIdOf(cdrId: string): string {
  return `${cdrId}-C`;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped event id for an output: the time part is the causing event's recorded_at (so output ids
 * still sort by time like every other envelope id), the rest is a hash of the causing event id and the
 * output's role.
 */
export function derivedEventId(recordedAt: number, causingEventId: string, role: string): string {
  let time = '';
  let remaining = Math.max(0, Math.floor(recordedAt));
  for (let index = 0; index < 10; index += 1) {
    time = (crockford[remaining % 32] ?? '0') + time;
    remaining = Math.floor(remaining / 32);
  }
  const bytes = digest('event', causingEventId, role);
  let randomness = '';
  for (let index = 0; index < 16; index += 1) randomness += crockford[(bytes[index] ?? 0) % 32] ?? '0';
  return time + randomness;
}
