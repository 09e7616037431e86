import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonFile, writeJsonFileAtomically } from '../../services/core/serde/json-file.ts';
import { emptyRegistrySnapshot, parseRegistrySnapshot, RegistryStore } from '../../services/core/serde/registry-store.ts';
import { handleRegistryRequest, type ApiResponse } from './rest-api.ts';

export interface SchemaRegistryServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Snapshot file loaded at start and rewritten after every change; in memory only when absent. */
  readonly persistPath?: string;
}

export interface SchemaRegistryServer {
  readonly url: string;
  close(): Promise<void>;
}

const contentType = 'application/vnd.schemaregistry.v1+json';
const maxBodyBytes = 8 * 1024 * 1024;

class BadRequest extends Error {}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BadRequest(`request body over ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequest(`malformed JSON body: ${(error as Error).message}`);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** A Confluent-compatible Schema Registry (the REST subset in rest-api.ts) for tests and local runs. */
export async function startSchemaRegistryServer(options: SchemaRegistryServerOptions): Promise<SchemaRegistryServer> {
  const { persistPath } = options;
  const stored = persistPath === undefined ? undefined : await readJsonFile(persistPath);
  const store = new RegistryStore(stored === undefined ? emptyRegistrySnapshot() : parseRegistrySnapshot(stored));

  // Snapshots are written one after another, in the order of the changes they contain.
  let saving: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    if (persistPath === undefined) return Promise.resolve();
    const snapshot = store.snapshot();
    const write = saving.then(() => writeJsonFileAtomically(persistPath, snapshot));
    saving = write.catch(() => undefined);
    return write;
  };

  const answer = async (request: IncomingMessage): Promise<ApiResponse> => {
    const url = new URL(request.url ?? '/', 'http://registry');
    const body = await readBody(request);
    const result = handleRegistryRequest(store, { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, body });
    if (result.mutated) await persist();
    return result;
  };

  const server = createServer((request, response) => {
    answer(request).then(
      (result) => send(response, result.status, result.body),
      (error: unknown) => {
        if (error instanceof BadRequest) send(response, 400, { error_code: 400, message: error.message });
        else send(response, 500, { error_code: 50001, message: `Error in the backend data store: ${(error as Error).message}` });
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
      server.closeAllConnections();
      await closed;
      await saving;
    },
  };
}
