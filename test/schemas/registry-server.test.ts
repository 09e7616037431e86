import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSchemaRegistryServer, type SchemaRegistryServer } from '../../infra/schema-registry/server.ts';

const contentType = 'application/vnd.schemaregistry.v1+json';
const chargerV1 = { type: 'record', name: 'Charger', namespace: 'io.switchyard.test', fields: [{ name: 'id', type: 'string' }] };
const chargerV2 = { ...chargerV1, fields: [...chargerV1.fields, { name: 'vendor', type: ['null', 'string'], default: null }] };
const chargerBroken = { ...chargerV1, fields: [...chargerV1.fields, { name: 'vendor', type: 'string' }] };

let directory: string;
let server: SchemaRegistryServer;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

const schemaBody = (schema: unknown) => ({ schema: JSON.stringify(schema) });

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-registry-'));
  server = await startSchemaRegistryServer({ host: '127.0.0.1', port: 0 });
});

afterEach(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('the Confluent-compatible registry server', () => {
  it('registers versions, shares ids between subjects and answers lookups', async () => {
    expect(await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV1))).toEqual({ status: 200, contentType, body: { id: 1 } });
    expect((await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV1))).body).toEqual({ id: 1 });
    expect((await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV2))).body).toEqual({ id: 2 });
    expect((await call('POST', '/subjects/other-value/versions', schemaBody(chargerV2))).body).toEqual({ id: 2 });

    expect((await call('GET', '/subjects')).body).toEqual(['chargers-value', 'other-value']);
    expect((await call('GET', '/subjects/chargers-value/versions')).body).toEqual([1, 2]);
    expect((await call('GET', '/subjects/chargers-value/versions/latest')).body).toEqual({
      subject: 'chargers-value',
      version: 2,
      id: 2,
      schema: JSON.stringify(chargerV2),
    });
    expect((await call('GET', '/schemas/ids/1')).body).toEqual({ schema: JSON.stringify(chargerV1) });
    expect((await call('POST', '/subjects/other-value', schemaBody(chargerV2))).body).toMatchObject({ subject: 'other-value', id: 2, version: 1 });
  });

  it.each([
    { given: 'an unknown subject', method: 'GET', path: '/subjects/nope/versions', status: 404, errorCode: 40401 },
    { given: 'an unknown version', method: 'GET', path: '/subjects/chargers-value/versions/7', status: 404, errorCode: 40402 },
    { given: 'a malformed version', method: 'GET', path: '/subjects/chargers-value/versions/first', status: 422, errorCode: 42202 },
    { given: 'an unknown schema id', method: 'GET', path: '/schemas/ids/42', status: 404, errorCode: 40403 },
    { given: 'a lookup of an unregistered schema', method: 'POST', path: '/subjects/chargers-value', body: schemaBody(chargerV2), status: 404, errorCode: 40403 },
    { given: 'an incompatible schema', method: 'POST', path: '/subjects/chargers-value/versions', body: schemaBody(chargerBroken), status: 409, errorCode: 409 },
    { given: 'invalid Avro', method: 'POST', path: '/subjects/chargers-value/versions', body: { schema: '{"type":"record"}' }, status: 422, errorCode: 42201 },
    { given: 'a non-Avro schema type', method: 'POST', path: '/subjects/x/versions', body: { schema: '{}', schemaType: 'PROTOBUF' }, status: 422, errorCode: 42201 },
    { given: 'an invalid compatibility level', method: 'PUT', path: '/config', body: { compatibility: 'SOMETIMES' }, status: 422, errorCode: 42203 },
    { given: 'a subject without its own level', method: 'GET', path: '/config/chargers-value', status: 404, errorCode: 40408 },
    { given: 'an unknown path', method: 'GET', path: '/mode/whatever', status: 404, errorCode: 404 },
  ])('answers $given with $status / $errorCode', async ({ method, path, body, status, errorCode }) => {
    await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV1));
    const response = await call(method, path, body);
    expect(response.status).toBe(status);
    expect(response.contentType).toBe(contentType);
    expect(response.body).toMatchObject({ error_code: errorCode, message: expect.any(String) });
  });

  it('explains an incompatible registration', async () => {
    await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV1));
    const { body } = await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerBroken));
    expect((body as { message: string }).message).toMatch(/incompatible with an earlier schema for subject "chargers-value".*vendor/);
  });

  it('applies global and subject compatibility levels', async () => {
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV1));
    expect((await call('GET', '/config/chargers-value?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });

    expect((await call('PUT', '/config/chargers-value', { compatibility: 'NONE' })).body).toEqual({ compatibility: 'NONE' });
    expect((await call('GET', '/config/chargers-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerBroken))).status).toBe(200);
  });

  it('tests compatibility without registering', async () => {
    await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV1));
    expect((await call('POST', '/compatibility/subjects/chargers-value/versions/latest', schemaBody(chargerV2))).body).toEqual({ is_compatible: true });
    expect((await call('POST', '/compatibility/subjects/chargers-value/versions/1?verbose=true', schemaBody(chargerBroken))).body).toEqual({
      is_compatible: false,
      messages: [expect.stringMatching(/vendor/)],
    });
    expect((await call('GET', '/subjects/chargers-value/versions')).body).toEqual([1]);
  });

  it('keeps its state in a file across restarts when asked to', async () => {
    const persistPath = join(directory, 'registry.json');
    await server.close();
    server = await startSchemaRegistryServer({ host: '127.0.0.1', port: 0, persistPath });
    await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV1));
    await call('PUT', '/config/chargers-value', { compatibility: 'FULL' });
    await server.close();

    server = await startSchemaRegistryServer({ host: '127.0.0.1', port: 0, persistPath });
    expect((await call('GET', '/schemas/ids/1')).body).toEqual({ schema: JSON.stringify(chargerV1) });
    expect((await call('GET', '/config/chargers-value')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect((await call('POST', '/subjects/chargers-value/versions', schemaBody(chargerV2))).body).toEqual({ id: 2 });
  });

  it('answers malformed JSON with 400', async () => {
    const response = await fetch(`${server.url}/subjects/x/versions`, { method: 'POST', headers: { 'content-type': contentType }, body: '{"schema": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: 400 });
  });
});
