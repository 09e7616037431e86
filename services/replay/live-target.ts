/**
 * Whether a feed target is this deployment's own edge: feeding it would put replayed frames and events
 * into the live topics.
 */
export function targetsLiveEdge(target: string, edge: { readonly host: string; readonly port: number }): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  const defaultPort = url.protocol === 'wss:' ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  if (port !== edge.port) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === edge.host || (isLoopback(host) && (isLoopback(edge.host) || isWildcard(edge.host)));
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
