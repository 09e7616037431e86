import type { Route, RouteScope, Upstream } from './route.ts';

/** The charger as routing sees it. */
export interface RoutedCharger {
  readonly chargerId: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Where one charger's traffic goes right now. */
export interface Resolution {
  /** The scope of the route that matched; null when no route exists and the built-in CSMS serves alone. */
  readonly matched: RouteScope | null;
  readonly primary: Upstream;
  readonly observers: readonly Upstream[];
  /** Primary unreachable: how long calls are held before the charger socket is closed. */
  readonly primaryGraceMs: number;
  readonly localAnswersWhilePrimaryDown: boolean;
}

export const builtinUpstreamName = 'builtin';

/** The implicit upstream of a charger no route covers, or a route with no upstreams. */
export const builtinPrimary: Upstream = {
  name: builtinUpstreamName,
  role: 'primary',
  target: { kind: 'builtin' },
  timeouts: { connectMs: 0, callMs: 0 },
  allowedActions: [],
  catchUp: 'skip',
};

/**
 * Most specific route wins: the charger's own, then the matching group with the lowest priority (ties by
 * group name, so every instance decides the same), then the default. Routes are validated on write, so a
 * non-empty route has exactly one primary.
 */
export function resolveRoute(routes: readonly Route[], charger: RoutedCharger): Resolution {
  const route = ownRoute(routes, charger) ?? groupRoute(routes, charger) ?? routes.find((candidate) => candidate.scope.kind === 'default');
  if (route === undefined) return { matched: null, primary: builtinPrimary, observers: [], primaryGraceMs: 0, localAnswersWhilePrimaryDown: false };
  const primary = route.upstreams.find((upstream) => upstream.role === 'primary') ?? builtinPrimary;
  const observers = route.upstreams.filter((upstream) => upstream.role === 'observer');
  return { matched: route.scope, primary, observers, primaryGraceMs: route.primaryGraceMs, localAnswersWhilePrimaryDown: route.localAnswersWhilePrimaryDown };
}

function ownRoute(routes: readonly Route[], charger: RoutedCharger): Route | undefined {
  return routes.find((route) => route.scope.kind === 'charger' && route.scope.chargerId === charger.chargerId);
}

function groupRoute(routes: readonly Route[], charger: RoutedCharger): Route | undefined {
  let best: { route: Route; priority: number; group: string } | undefined;
  for (const route of routes) {
    const { scope } = route;
    if (scope.kind !== 'group' || !selects(scope.selector, charger)) continue;
    const better = best === undefined || scope.priority < best.priority || (scope.priority === best.priority && scope.group < best.group);
    if (better) best = { route, priority: scope.priority, group: scope.group };
  }
  return best?.route;
}

function selects(selector: { readonly idPattern: string | null; readonly labels: Readonly<Record<string, string>> }, charger: RoutedCharger): boolean {
  if (selector.idPattern !== null && !matchesGlob(selector.idPattern, charger.chargerId)) return false;
  return Object.entries(selector.labels).every(([name, value]) => charger.labels[name] === value);
}

/**
 * `*` matches any run of characters, everything else itself. A glob rather than a regular expression:
 * operators type it, and it cannot backtrack catastrophically on the per-message path.
 */
export function matchesGlob(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return pattern === text;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let position = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, position);
    if (found === -1 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}
