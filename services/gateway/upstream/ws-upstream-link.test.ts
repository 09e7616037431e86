import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { SwitchyardError } from '../../core/errors.ts';
import type { Upstream } from '../routing/route.ts';
import { OutgoingCall } from './outgoing-call.ts';
import type { LinkAnomaly, UpstreamLink, UpstreamOutcome } from './upstream-link.ts';
import { wsUpstreamLinks } from './ws-upstream-link.ts';

/** An upstream CSMS that answers every CALL, `Slow` ones only after `slowAnswerMs`. */
async function startUpstream(slowAnswerMs: number): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false) });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const [, messageId, action] = JSON.parse(data.toString()) as [number, string, string];
      const answer = (): void => socket.send(JSON.stringify([3, messageId, { answered: action }]));
      if (action === 'Slow') setTimeout(answer, slowAnswerMs);
      else answer();
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ocpp`,
    stop: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const outcomeOf = (answer: Promise<UpstreamOutcome>): Promise<string> =>
  answer.then(
    (outcome) => (outcome.kind === 'result' ? `answered ${String(outcome.payload['answered'])}` : `error ${outcome.errorCode}`),
    (error: unknown) => (error instanceof SwitchyardError ? error.code : 'error'),
  );

describe('an upstream link', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const openLink = async (callMs: number, slowAnswerMs: number): Promise<{ link: UpstreamLink; anomalies: { kind: LinkAnomaly; messageId: string | null }[] }> => {
    const upstream = await startUpstream(slowAnswerMs);
    cleanups.push(() => upstream.stop());
    const anomalies: { kind: LinkAnomaly; messageId: string | null }[] = [];
    let opened: () => void = () => undefined;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    let nextId = 0;
    const definition: Upstream = {
      name: 'next',
      role: 'observer',
      target: { kind: 'remote', url: upstream.url, auth: { kind: 'none' } },
      timeouts: { connectMs: 1_000, callMs },
      allowedActions: [],
      catchUp: 'replay',
    };
    const link = wsUpstreamLinks({ newMessageId: () => `id-${(nextId += 1)}`, backoff: { initialMs: 50, maxMs: 50 } })(
      { chargerId: 'CP-1', version: 'ocpp1.6', upstream: definition },
      {
        onCall: () => Promise.reject(new Error('no upstream calls in this test')),
        onAnomaly: (kind, messageId) => anomalies.push({ kind, messageId }),
        onOpen: () => opened(),
        onDown: () => undefined,
        onFrame: () => undefined,
      },
    );
    cleanups.push(() => link.close());
    await open;
    return { link, anomalies };
  };

  const call = (link: UpstreamLink, action: string): Promise<string> => outcomeOf(link.call(new OutgoingCall(action, {}, 'ownFrames')));

  it('given calls in flight, when one is not answered within the call timeout, then it alone fails and its late answer is recorded as one', async () => {
    const { link, anomalies } = await openLink(150, 400);
    const slow = call(link, 'Slow');
    const fast = call(link, 'Heartbeat');
    expect(await fast).toBe('answered Heartbeat');
    expect(await slow).toBe('gateway.upstream-timeout');
    // The link keeps watching deadlines after one expired: the next slow call times out too, the next fast one is answered.
    expect(await Promise.all([call(link, 'Slow'), call(link, 'StatusNotification')])).toEqual(['gateway.upstream-timeout', 'answered StatusNotification']);
    await expect.poll(() => anomalies).toEqual([
      { kind: 'late_answer', messageId: 'id-1' },
      { kind: 'late_answer', messageId: 'id-3' },
    ]);
  });

  it('given answers within the call timeout, when many calls go out, then every one is answered and none is reported late', async () => {
    const { link, anomalies } = await openLink(1_000, 10);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => call(link, index % 2 === 0 ? 'Slow' : 'Heartbeat')));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 'answered Slow' : 'answered Heartbeat')));
    expect(anomalies).toEqual([]);
  });
});
