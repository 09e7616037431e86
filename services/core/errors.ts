/**
 * Every error that crosses a port says whether trying again can help. Consumers use the flag to choose
 * between retry-with-backoff (retriable) and the dead-letter topic (not retriable).
 */
export class SwitchyardError extends Error {
  readonly retriable: boolean;
  readonly code: string;

  constructor(code: string, message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchyardError';
    this.code = code;
    this.retriable = options.retriable;
  }
}

/** Unknown errors (a bug, a TypeError) are treated as not retriable: retrying a bug loops forever. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof SwitchyardError) return error.retriable;
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    return (error as { retriable: unknown }).retriable === true;
  }
  return false;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
