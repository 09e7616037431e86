import type { Answer } from './answer-comparison.ts';

/** The parts of a recorded frame (switchyard.ocpp.frames) a feed needs. */
export interface RecordedFrame {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly direction: 'IN' | 'OUT';
  readonly messageType: 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'UNPARSEABLE';
  readonly messageId: string | null;
  readonly protocol: string;
  readonly text: string;
}

export interface PlannedCall {
  readonly sequence: number;
  readonly action: string;
  readonly originalMessageId: string;
  /** The payload exactly as the charger sent it. */
  readonly payload: unknown;
  /** What the recorded CSMS answered to this CALL; null when the answer is not in the window. */
  readonly recorded: Answer | null;
}

export interface ChargerPlan {
  readonly chargerId: string;
  /** The subprotocol the charger negotiated in the recording. */
  readonly protocol: string;
  readonly calls: readonly PlannedCall[];
  /** CALLs left out because the charger spoke another protocol then (one socket speaks one). */
  readonly otherProtocolCalls: number;
}

/**
 * Each charger's charger-originated CALLs in recorded order, paired with the CSMS answer that carried the
 * same message id on the same connection. Frames must be given in log order (one charger's frames share
 * a partition, so that is their recorded order).
 */
export function planFeed(frames: readonly RecordedFrame[]): ChargerPlan[] {
  const answers = new Map<string, Answer>();
  for (const frame of frames) {
    if (frame.direction !== 'OUT' || frame.messageId === null) continue;
    const answer = parseAnswer(frame.text);
    const key = answerKey(frame.chargerId, frame.connectionId, frame.messageId);
    if (answer !== null && !answers.has(key)) answers.set(key, answer);
  }
  const plans = new Map<string, { protocol: string; calls: PlannedCall[]; otherProtocolCalls: number }>();
  for (const frame of frames) {
    if (frame.direction !== 'IN' || frame.messageType !== 'CALL') continue;
    const call = parseCall(frame.text);
    if (call === null) continue;
    let plan = plans.get(frame.chargerId);
    if (plan === undefined) {
      plan = { protocol: frame.protocol, calls: [], otherProtocolCalls: 0 };
      plans.set(frame.chargerId, plan);
    }
    if (frame.protocol !== plan.protocol) {
      plan.otherProtocolCalls += 1;
      continue;
    }
    plan.calls.push({
      sequence: plan.calls.length,
      action: call.action,
      originalMessageId: call.messageId,
      payload: call.payload,
      recorded: answers.get(answerKey(frame.chargerId, frame.connectionId, call.messageId)) ?? null,
    });
  }
  return [...plans.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([chargerId, plan]) => ({ chargerId, ...plan }));
}

function answerKey(chargerId: string, connectionId: string, messageId: string): string {
  return JSON.stringify([chargerId, connectionId, messageId]);
}

export function parseCall(text: string): { messageId: string; action: string; payload: unknown } | null {
  const message = parseArray(text);
  if (message === null || message[0] !== 2) return null;
  const [, messageId, action, payload] = message;
  if (typeof messageId !== 'string' || typeof action !== 'string') return null;
  return { messageId, action, payload };
}

export function parseAnswer(text: string): Answer | null {
  const message = parseArray(text);
  if (message === null) return null;
  if (message[0] === 3) return { kind: 'result', payload: message[2] };
  if (message[0] === 4) {
    const [, , code, description] = message;
    return { kind: 'error', code: String(code), description: typeof description === 'string' ? description : '' };
  }
  return null;
}

function parseArray(text: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function callCount(plans: readonly ChargerPlan[]): number {
  return plans.reduce((sum, plan) => sum + plan.calls.length, 0);
}
