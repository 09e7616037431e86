import { SwitchyardError } from '../errors.ts';

/** The port the analysts' SQL endpoint runs queries through; adapters refuse anything that writes. */
export interface ReadOnlySql {
  run(request: ReadOnlySqlRequest): Promise<ReadOnlySqlResult>;
}

export interface ReadOnlySqlRequest {
  readonly sql: string;
  /** Database unqualified names resolve in. */
  readonly database: string;
  /** Output format when the SQL has no FORMAT clause. */
  readonly defaultFormat: string;
  /** Values for `{name:Type}` placeholders, in ClickHouse's text form (HTTP `param_<name>`). */
  readonly params: Readonly<Record<string, string>>;
}

export interface ReadOnlySqlResult {
  /** The result serialised in `format`. */
  readonly body: Uint8Array;
  readonly format: string;
  readonly readRows: number;
  readonly readBytes: number;
  readonly elapsedSeconds: number;
}

/** Named ClickHouse exception codes the endpoint raises itself or maps to HTTP statuses. */
export const exceptionCodes = {
  syntaxError: 62,
  readonly: 164,
  requiredPassword: 194,
  authenticationFailed: 516,
} as const;

/**
 * A query ClickHouse (or the endpoint on its behalf) refused. The message is ClickHouse's own text,
 * `Code: N. DB::Exception: ... (NAME)`, which clients such as clickhouse-client and Grafana parse.
 */
export class ClickHouseException extends SwitchyardError {
  readonly exceptionCode: number;

  constructor(exceptionCode: number, clickhouseText: string, options: { retriable: boolean; cause?: unknown }) {
    super(`clickhouse.${exceptionCode}`, clickhouseText, options);
    this.name = 'ClickHouseException';
    this.exceptionCode = exceptionCode;
  }

  static raise(exceptionCode: number, name: string, description: string): ClickHouseException {
    return new ClickHouseException(exceptionCode, `Code: ${exceptionCode}. DB::Exception: ${description}. (${name})`, {
      retriable: false,
    });
  }
}
