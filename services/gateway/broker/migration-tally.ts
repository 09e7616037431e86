/** What the migration report shows per route, counted by this instance since it started. */
export interface RouteTally {
  readonly routeKey: string;
  readonly chargers: number;
  readonly mirrored: number;
  readonly differencesByAction: Readonly<Record<string, number>>;
}

/**
 * Counts mirrored messages and answer differences per route for the migration report. In memory and per
 * instance: the durable record is the GatewayDecision events, which the history service can aggregate.
 */
export class MigrationTally {
  private readonly routes = new Map<string, { chargers: Set<string>; mirrored: number; differences: Map<string, number> }>();

  private entry(routeKey: string) {
    let tally = this.routes.get(routeKey);
    if (tally === undefined) {
      tally = { chargers: new Set(), mirrored: 0, differences: new Map() };
      this.routes.set(routeKey, tally);
    }
    return tally;
  }

  mirrored(routeKey: string, chargerId: string): void {
    const tally = this.entry(routeKey);
    tally.chargers.add(chargerId);
    tally.mirrored += 1;
  }

  differed(routeKey: string, action: string): void {
    const { differences } = this.entry(routeKey);
    differences.set(action, (differences.get(action) ?? 0) + 1);
  }

  tallyOf(routeKey: string): RouteTally {
    const tally = this.routes.get(routeKey);
    return {
      routeKey,
      chargers: tally?.chargers.size ?? 0,
      mirrored: tally?.mirrored ?? 0,
      differencesByAction: Object.fromEntries([...(tally?.differences ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}
