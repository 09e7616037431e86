import { startSchemaRegistryServer } from './server.ts';

/**
 * Runs the test registry alone for local distributed runs:
 *   npx tsx infra/schema-registry/main.ts
 * Env: SCHEMA_REGISTRY_HOST (127.0.0.1), SCHEMA_REGISTRY_PORT (8081), SCHEMA_REGISTRY_FILE (in memory when unset).
 */
const port = Number(process.env.SCHEMA_REGISTRY_PORT ?? '8081');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SCHEMA_REGISTRY_PORT must be a port number, got ${process.env.SCHEMA_REGISTRY_PORT}`);
  process.exit(2);
}
const persistPath = process.env.SCHEMA_REGISTRY_FILE;
const server = await startSchemaRegistryServer({
  host: process.env.SCHEMA_REGISTRY_HOST ?? '127.0.0.1',
  port,
  ...(persistPath === undefined || persistPath === '' ? {} : { persistPath }),
});
console.log(`schema registry listening on ${server.url}${persistPath ? `, state in ${persistPath}` : ', in memory'}`);

const stop = (): void => {
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
