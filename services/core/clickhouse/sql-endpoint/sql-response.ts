import { exceptionCodes, type ReadOnlySqlResult } from '../read-only-sql.ts';

const badRequestCodes: ReadonlySet<number> = new Set([
  6, // CANNOT_PARSE_TEXT
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  36, // BAD_ARGUMENTS
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  43, // ILLEGAL_TYPE_OF_ARGUMENT
  46, // UNKNOWN_FUNCTION
  47, // UNKNOWN_IDENTIFIER
  53, // TYPE_MISMATCH
  62, // SYNTAX_ERROR
  72, // CANNOT_PARSE_NUMBER
  73, // UNKNOWN_FORMAT
  215, // NOT_AN_AGGREGATE
  456, // UNKNOWN_QUERY_PARAMETER
  457, // BAD_QUERY_PARAMETER
]);

const notFoundCodes: ReadonlySet<number> = new Set([
  16, // NO_SUCH_COLUMN_IN_TABLE
  60, // UNKNOWN_TABLE
  81, // UNKNOWN_DATABASE
]);

/** The HTTP status a ClickHouse server answers an exception code with; 500 for everything unlisted. */
export function httpStatusOfException(code: number): number {
  if (code === exceptionCodes.requiredPassword || code === exceptionCodes.authenticationFailed) return 401;
  if (code === exceptionCodes.readonly) return 403;
  if (badRequestCodes.has(code)) return 400;
  if (notFoundCodes.has(code)) return 404;
  if (code === 159) return 504; // TIMEOUT_EXCEEDED
  return 500;
}

const binaryFormats = new Set([
  'Native',
  'RowBinary',
  'RowBinaryWithNames',
  'RowBinaryWithNamesAndTypes',
  'Parquet',
  'Arrow',
  'ArrowStream',
  'ORC',
  'Avro',
]);

/** Content-Type for an output format, as a server labels it. */
export function contentTypeOfFormat(format: string): string {
  if (format.startsWith('JSON')) {
    return format.endsWith('EachRow') ? 'application/x-ndjson; charset=UTF-8' : 'application/json; charset=UTF-8';
  }
  if (format.startsWith('TabSeparated') || format.startsWith('TSV')) return 'text/tab-separated-values; charset=UTF-8';
  if (format.startsWith('CSV')) {
    return `text/csv; charset=UTF-8; header=${format.includes('WithNames') ? 'present' : 'absent'}`;
  }
  if (binaryFormats.has(format)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}

/**
 * The X-ClickHouse-Summary header: counters as strings, the way a server sends them. chDB does not report how
 * many rows a result has, so result_rows is left out rather than guessed.
 */
export function summaryHeader(result: ReadOnlySqlResult): string {
  return JSON.stringify({
    read_rows: String(result.readRows),
    read_bytes: String(result.readBytes),
    written_rows: '0',
    written_bytes: '0',
    total_rows_to_read: '0',
    result_bytes: String(result.body.byteLength),
    elapsed_ns: String(Math.round(result.elapsedSeconds * 1e9)),
  });
}
