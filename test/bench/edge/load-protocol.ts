/** What the benchmark parent and a load-generator child say to each other over IPC. */
export type LoadRequest =
  | {
      readonly kind: 'connect';
      /** ws://host:port/ocpp/ bases; charger i goes to urls[i % urls.length]. */
      readonly urls: readonly string[];
      readonly chargerIds: readonly string[];
      /** Handshakes under way at once. */
      readonly concurrency: number;
      readonly basicPassword?: string;
    }
  /** Every charger sends calls back to back for durationMs; latencies are kept after warmupMs. */
  | { readonly kind: 'closedLoop'; readonly durationMs: number; readonly warmupMs: number; readonly actions: readonly LoadAction[] }
  /**
   * Calls at a fixed rate spread round-robin over the chargers; latency counts from when a call was due,
   * so a charger still waiting for its previous answer adds its wait (no coordinated omission).
   */
  | {
      readonly kind: 'openLoop';
      readonly ratePerSecond: number;
      readonly durationMs: number;
      readonly warmupMs: number;
      readonly actions: readonly LoadAction[];
    }
  | { readonly kind: 'disconnect' };

export type LoadAction = 'Heartbeat' | 'MeterValues' | 'StatusNotification';

export type LoadReply =
  | {
      readonly kind: 'connected';
      readonly connected: number;
      readonly refused: number;
      readonly firstOpenAt: number;
      /** Epoch ms when the last charger had its BootNotification answered. */
      readonly lastBootedAt: number;
      readonly bootLatenciesMs: readonly number[];
    }
  | {
      readonly kind: 'measured';
      readonly answered: number;
      readonly errors: number;
      readonly measuredMs: number;
      readonly latenciesMs: readonly number[];
      /** CPU seconds this generator used during the run (to show the load side was not the bottleneck). */
      readonly cpuSeconds: number;
    }
  | { readonly kind: 'ready' }
  | { readonly kind: 'disconnected' }
  | { readonly kind: 'failed'; readonly message: string };
