import { ConfigError } from '../core/config/config.ts';
import type { StartService } from '../core/platform/service-context.ts';

/**
 * Composition root of the projectors: each turns event topics into a compacted state topic or a
 * ClickHouse table. Add a projector here and both `switchyard run` and `switchyard projector <name>`
 * start it. None is built yet.
 */
export const projectors: Readonly<Record<string, StartService>> = {};

export function projectorNamed(name: string): StartService {
  const start = projectors[name];
  if (start === undefined) {
    const known = Object.keys(projectors);
    throw new ConfigError([
      `unknown projector ${JSON.stringify(name)}; known: ${known.length > 0 ? known.join(', ') : '(none in this build)'}`,
    ]);
  }
  return start;
}
