import { COMPATIBILITY, SchemaRegistry as ConfluentClient, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { SwitchyardError } from '../errors.ts';
import type { AvroSchema } from './avro-schema.ts';
import { unknownSchemaIdError } from './registry-errors.ts';
import type { SchemaRegistry } from './schema-registry.ts';

export interface ConfluentSchemaRegistryOptions {
  /** e.g. http://schema-registry:8081 */
  readonly url: string;
  readonly clientId?: string;
  readonly auth?: { readonly username: string; readonly password: string };
}

/**
 * Distributed mode: a Confluent (or compatible) Schema Registry through @kafkajs/confluent-schema-registry.
 * The library is used as the registry client only (registration with a BACKWARD subject level, schema
 * lookup by id, both cached by the library); the Serde does the wire format and Avro itself, so both modes
 * share one encode/decode path with cached types and reader-schema resolution.
 */
export function connectConfluentSchemaRegistry(options: ConfluentSchemaRegistryOptions): SchemaRegistry {
  const client = new ConfluentClient({
    host: options.url,
    ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
    ...(options.auth === undefined ? {} : { auth: { username: options.auth.username, password: options.auth.password } }),
  });
  return {
    async register(subject, schema) {
      try {
        const { id } = await client.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject, compatibility: COMPATIBILITY.BACKWARD },
        );
        return id;
      } catch (error) {
        throw translateError(error, `registering a schema under ${subject} at ${options.url}`);
      }
    },
    async schemaById(id) {
      let schema: unknown;
      try {
        schema = await client.getSchema(id);
      } catch (error) {
        if (statusOf(error) === 404) throw unknownSchemaIdError(id);
        throw translateError(error, `reading schema ${id} from ${options.url}`);
      }
      if (!avro.Type.isType(schema)) {
        throw new SwitchyardError('schema.invalid', `schema ${id} at ${options.url} is not an Avro schema`, { retriable: false });
      }
      return (schema as avro.Type).schema({ exportAttrs: true }) as AvroSchema;
    },
  };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

/**
 * A registry always answers errors with a { error_code, message } body, which the client turns into the
 * error message. The HTTP client reports a connection that failed before any answer as status 400 with no
 * such body (message "Error, status 400: connect ECONNREFUSED ..."): that is an unreachable registry.
 */
function hasRegistryErrorBody(error: Error): boolean {
  return !/ - Error, status \d+/.test(error.message);
}

function translateError(error: unknown, doing: string): SwitchyardError {
  const status = statusOf(error);
  const message = `${doing}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof Error && error.name === 'ConfluentSchemaRegistryCompatibilityError') {
    return new SwitchyardError('schema_registry.misconfigured', `${message} (Switchyard subjects use BACKWARD)`, { retriable: false, cause: error });
  }
  if (status === undefined || !(error instanceof Error)) {
    // Not an HTTP exchange: the client refused its arguments; retrying changes nothing.
    return new SwitchyardError('schema_registry.failed', message, { retriable: false, cause: error });
  }
  if (!hasRegistryErrorBody(error)) {
    return new SwitchyardError('schema_registry.unavailable', message, { retriable: true, cause: error });
  }
  switch (status) {
    case 409:
      return new SwitchyardError('schema.incompatible', message, { retriable: false, cause: error });
    case 422:
      return new SwitchyardError('schema.invalid', message, { retriable: false, cause: error });
    case 401:
    case 403:
      return new SwitchyardError('schema_registry.unauthorized', message, { retriable: false, cause: error });
    default:
      return status >= 500
        ? new SwitchyardError('schema_registry.unavailable', message, { retriable: true, cause: error })
        : new SwitchyardError('schema_registry.failed', message, { retriable: false, cause: error });
  }
}
