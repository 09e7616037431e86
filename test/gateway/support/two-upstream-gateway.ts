import { openTestWorld, startTestEdge, type TestEdge, type TestWorld } from '../../edge/support/edge-harness.ts';
import { UpstreamCsms, type Answers } from './upstream-csms.ts';

const timeouts = { connectMs: 1_000, callMs: 2_000 };

/** An edge that takes any charger, in front of a primary and an observer CSMS that answer alike. */
export interface TwoUpstreamGateway {
  readonly world: TestWorld;
  readonly edge: TestEdge;
  readonly primary: UpstreamCsms;
  readonly observer: UpstreamCsms;
  /** A route's upstreams: the primary, then the observer, under these names. */
  upstreams(primaryName: string, observerName: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startTwoUpstreamGateway(protocol: 'ocpp1.6' | 'ocpp2.0.1', answers: Answers): Promise<TwoUpstreamGateway> {
  const world = await openTestWorld();
  const edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true } });
  const primary = new UpstreamCsms(protocol, answers);
  const observer = new UpstreamCsms(protocol, answers);
  const close = async () => {
    await edge.close();
    await primary.stop();
    await observer.stop();
    await world.cleanup();
  };
  try {
    await primary.start();
    await observer.start();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    world,
    edge,
    primary,
    observer,
    upstreams: (primaryName, observerName) => [
      { name: primaryName, role: 'primary', url: primary.url, timeouts },
      { name: observerName, role: 'observer', url: observer.url, timeouts },
    ],
    close,
  };
}
