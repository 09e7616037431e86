import { startSchemaRegistryServer } from '../../infra/schema-registry/server.ts';

/** A Confluent-compatible Schema Registry on 127.0.0.1 (ephemeral port, in memory) for one test file. */
export async function startSchemaRegistry(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await startSchemaRegistryServer({ host: '127.0.0.1', port: 0 });
  return { url: server.url, stop: () => server.close() };
}
