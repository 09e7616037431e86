import { SwitchyardError } from '../../errors.ts';

/**
 * Wraps whatever kafkajs threw into the port's error. kafkajs marks its errors `retriable` (broker not
 * reachable, leader moved, request timed out...), which is exactly the flag consumers of the port need.
 */
export function busError(code: string, message: string, cause: unknown): SwitchyardError {
  if (cause instanceof SwitchyardError) return cause;
  const retriable = isRetriableKafkaError(cause);
  const detail = cause instanceof Error ? `${message}: ${cause.message}` : message;
  return new SwitchyardError(code, detail, { retriable, cause });
}

/**
 * kafkajs flags its own errors; when its retrier gives up it throws a non-retriable wrapper around a
 * retriable cause (broker unreachable...). For the caller trying again later can still help.
 */
function isRetriableKafkaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'KafkaJSNumberOfRetriesExceeded') return true;
  return (error as { retriable?: unknown }).retriable === true;
}

export async function translatingErrors<T>(code: string, message: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw busError(code, message, error);
  }
}

/**
 * True when kafkajs refused to send a request because the broker does not offer that API at all.
 * kafkajs's retrier may have wrapped that refusal, so the cause chain is searched.
 */
export function brokerLacksApi(error: unknown, apiName: string): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === 'KafkaJSServerDoesNotSupportApiKey' && (current as { apiName?: unknown }).apiName === apiName) {
      return true;
    }
  }
  return false;
}
