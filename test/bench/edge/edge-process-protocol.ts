import type { RouteRequestInput } from '../gateway/seed-default-route.ts';

/** What the benchmark parent and an edge-process child say to each other. */
export interface EdgeProcessOptions {
  readonly instanceId: string;
  /** Holds the embedded log (if any) and the file schema registry. */
  readonly dataDir: string;
  /** 0: any free port. */
  readonly port: number;
  readonly heartbeatIntervalSeconds: number;
  /** Registered with security profile 1 and this password before the edge starts. */
  readonly basicChargers?: { readonly chargerIds: readonly string[]; readonly password: string };
  /** The gateway benchmark: stored as the default route before the edge opens. */
  readonly defaultRoute?: RouteRequestInput;
  readonly bus:
    | { readonly kind: 'embedded'; readonly durability: 'sync' | 'noSync' }
    | { readonly kind: 'kafka'; readonly brokers: readonly string[] };
}

export type EdgeProcessRequest = { readonly kind: 'memory' };

export type EdgeProcessReply = { readonly kind: 'memory'; readonly rssBytes: number; readonly heapUsedBytes: number };
