import { startSqlEndpoint } from '../core/clickhouse/sql-endpoint/start-sql-endpoint.ts';
import type { ServiceContext } from '../core/platform/service-context.ts';

/**
 * The analysts' read-only, ClickHouse-compatible SQL endpoint over chDB. Only the embedded mode has one:
 * in distributed mode analysts query the ClickHouse server itself.
 */
export async function startAnalystSqlEndpoint(context: ServiceContext): Promise<void> {
  const { config, platform } = context;
  if (platform.analystSql === undefined) {
    context.logger.info('no SQL endpoint: analysts query the ClickHouse server directly');
    return;
  }
  const readiness = context.readiness.register('sql-endpoint');
  const endpoint = await startSqlEndpoint({
    host: config.listen.host,
    port: config.listen.sqlPort,
    clickhouse: platform.analystSql,
    logger: context.logger,
    defaultDatabase: platform.clickhouse.database,
    ...(config.analystSql.password === undefined
      ? {}
      : { credentials: { user: config.analystSql.user, password: config.analystSql.password } }),
  });
  context.lifecycle.onStop('sql-endpoint', () => endpoint.close());
  readiness.ready(endpoint.url);
}
