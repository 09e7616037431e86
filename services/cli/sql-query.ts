import type { Config } from '../core/config/config.ts';
import { SwitchyardError } from '../core/errors.ts';

export interface SqlTarget {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly database: string | undefined;
  /** What to tell the user when nothing answers. */
  readonly hint: string;
}

/**
 * Distributed mode asks the ClickHouse server; embedded mode asks the read-only SQL endpoint of the
 * running `switchyard run`, because chDB's data directory belongs to that process.
 */
export function sqlTargetOf(config: Config): SqlTarget {
  const infrastructure = config.infrastructure;
  switch (infrastructure.mode) {
    case 'embedded': {
      const host = config.listen.host === '0.0.0.0' ? '127.0.0.1' : config.listen.host;
      return {
        url: `http://${host.includes(':') ? `[${host}]` : host}:${config.listen.sqlPort}/`,
        user: config.analystSql.user,
        password: config.analystSql.password ?? '',
        database: undefined,
        hint: 'is `switchyard run` running with the same SWITCHYARD_* settings?',
      };
    }
    case 'distributed':
      return { ...infrastructure.clickhouse, hint: 'check SWITCHYARD_CLICKHOUSE_URL' };
    default: {
      const unreachable: never = infrastructure;
      return unreachable;
    }
  }
}

/** Sends one query over ClickHouse's HTTP interface and returns the body in the requested format. */
export async function runSqlQuery(target: SqlTarget, query: string, format: string, signal: AbortSignal): Promise<string> {
  const url = new URL(target.url);
  url.searchParams.set('default_format', format);
  if (target.database !== undefined) url.searchParams.set('database', target.database);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: query,
      headers: {
        authorization: `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`,
      },
      signal,
    });
  } catch (error) {
    throw new SwitchyardError('sql.unreachable', `nothing answers at ${target.url}: ${target.hint}`, {
      retriable: true,
      cause: error,
    });
  }
  const body = await response.text();
  if (!response.ok) {
    throw new SwitchyardError('sql.failed', `query failed (HTTP ${response.status}): ${body.trim()}`, { retriable: false });
  }
  return body;
}
