import type { Session } from 'chdb';
import { classifyClickHouseError } from './clickhouse-errors.ts';
import { ClickHouseException, exceptionCodes, type ReadOnlySql, type ReadOnlySqlRequest } from './read-only-sql.ts';
import { isPlainIdentifier } from './sql-identifier.ts';
import { shapeOfStatement } from './sql-text.ts';

/**
 * Read-only SQL over a chDB session opened with `readonly=1`, so the engine itself refuses writes, setting
 * changes and table functions (file(), url(), ...). Two things the engine allows are refused here: `INTO
 * OUTFILE`, which in-process writes a local file, and several statements in one request, which a server's
 * HTTP interface refuses too. The session serves one query at a time.
 */
export function chdbReadOnlySql(readonlySession: Session): ReadOnlySql {
  return {
    async run(request: ReadOnlySqlRequest) {
      const shape = shapeOfStatement(request.sql);
      if (shape.statementCount === 0) {
        throw ClickHouseException.raise(exceptionCodes.syntaxError, 'SYNTAX_ERROR', 'Empty query');
      }
      if (shape.statementCount > 1) {
        throw ClickHouseException.raise(
          exceptionCodes.syntaxError,
          'SYNTAX_ERROR',
          'Syntax error (Multi-statements are not allowed)',
        );
      }
      if (shape.writesOutfile) {
        throw ClickHouseException.raise(
          exceptionCodes.readonly,
          'READONLY',
          'INTO OUTFILE writes a file and this endpoint is read-only',
        );
      }
      if (!isPlainIdentifier(request.database)) {
        throw ClickHouseException.raise(81, 'UNKNOWN_DATABASE', `Database ${request.database} does not exist`);
      }
      const format = shape.format ?? request.defaultFormat;
      if (!isPlainIdentifier(format)) throw ClickHouseException.raise(73, 'UNKNOWN_FORMAT', `Unknown format ${format}`);
      // The session keeps `USE` between calls; every request names its own database.
      const statement = `USE ${request.database}; ${request.sql}`;
      try {
        const result =
          Object.keys(request.params).length === 0
            ? await readonlySession.queryAsync(statement, { format })
            : await readonlySession.queryBindAsync(statement, request.params, { format });
        return {
          body: result.bytes(),
          format,
          readRows: result.rowsRead,
          readBytes: result.bytesRead,
          elapsedSeconds: result.elapsed,
        };
      } catch (error) {
        throw asClickHouseException(error);
      }
    },
  };
}

function asClickHouseException(error: unknown): ClickHouseException {
  const message = error instanceof Error ? error.message : String(error);
  const code = /^Code: (\d+)\./.exec(message)?.[1];
  const { retriable } = classifyClickHouseError(error);
  if (code === undefined) {
    // No ClickHouse code: the engine failed outside the query (closed session, ...). 1001 is STD_EXCEPTION.
    return new ClickHouseException(1001, `Code: 1001. DB::Exception: ${message}. (STD_EXCEPTION)`, {
      retriable,
      cause: error,
    });
  }
  return new ClickHouseException(Number(code), message, { retriable, cause: error });
}
