/** The slice of a pino logger the embedded bus uses; pino's Logger satisfies it. */
export interface BusLogger {
  error(details: Record<string, unknown>, message: string): void;
}
