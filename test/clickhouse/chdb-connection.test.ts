import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ClickHouseError, ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { drainPending, Session } from 'chdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChdbSessionConnection } from '../../services/core/clickhouse/chdb-connection.ts';

/** @clickhouse/client calls that the port does not use, on the chDB connection directly. */
describe('@clickhouse/client on a chDB session', () => {
  let dataDir: string;
  let session: Session;
  let client: ClickHouseClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-chdb-connection-'));
    session = new Session(dataDir);
    await session.queryAsync('CREATE DATABASE IF NOT EXISTS analytics');
    client = createClient({ connection: new ChdbSessionConnection(session, 'analytics'), log: { level: ClickHouseLogLevel.OFF } });
  });

  afterAll(async () => {
    await client.close();
    session.close();
    await drainPending();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('pings', async () => {
    expect(await client.ping()).toEqual({ success: true });
  });

  it('execs a statement with a body and one with a raw result stream', async () => {
    await client.command({ query: 'CREATE TABLE readings (id UInt32, value String) ENGINE = MergeTree ORDER BY id' });
    await client.exec({
      query: 'INSERT INTO readings FORMAT TabSeparated',
      values: Readable.from([Buffer.from('1\tone\n2\ttwo\n')]),
    });

    const { stream } = await client.exec({ query: 'SELECT id, value FROM readings ORDER BY id FORMAT CSV' });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);

    expect(Buffer.concat(chunks).toString()).toBe('1,"one"\n2,"two"\n');
  });

  it('fails with a ClickHouseError carrying the server code and type', async () => {
    const failure = client.query({ query: 'SELECT * FROM missing', format: 'JSONEachRow' });
    await expect(failure).rejects.toBeInstanceOf(ClickHouseError);
    await expect(failure).rejects.toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
  });

  it('starts every call in its database with default settings, as an HTTP request does', async () => {
    const state = async () =>
      (
        await client.query({
          query: "SELECT currentDatabase() AS database, toString(getSetting('max_block_size')) AS block",
          format: 'JSONEachRow',
        })
      ).json();
    const before = await state();

    await client.command({ query: 'USE system' });
    await client.command({ query: 'SELECT 1', clickhouse_settings: { max_block_size: '7' } });

    expect(await state()).toEqual(before);
    expect(before).toEqual([{ database: 'analytics', block: expect.not.stringMatching(/^7$/) }]);
  });

  it('keeps working after a call named a setting the engine does not know', async () => {
    const failure = client.query({ query: 'SELECT 1', format: 'JSONEachRow', clickhouse_settings: { no_such_setting: 1 } });
    await expect(failure).rejects.toMatchObject({ code: '115', type: 'UNKNOWN_SETTING' });

    expect(await (await client.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' })).json()).toEqual([{ one: 1 }]);
  });

  it('inserts a body through a file in the data directory, and removes the file whether or not the insert succeeded', async () => {
    await client.command({ query: 'CREATE TABLE spooled (id UInt32, value String) ENGINE = MergeTree ORDER BY id' });

    await client.insert({ table: 'spooled', values: Readable.from([Buffer.from('1\tone\n'), Buffer.from('2\ttwo\n')], { objectMode: false }), format: 'TabSeparated' });
    await client.insert({ table: 'spooled', values: [{ id: 3, value: 'three' }], format: 'JSONEachRow' });
    const failed = client.insert({ table: 'spooled', values: Readable.from([Buffer.from('not a number\tx\n')], { objectMode: false }), format: 'TabSeparated' });

    await expect(failed).rejects.toBeInstanceOf(ClickHouseError);
    const rows = await (await client.query({ query: 'SELECT id, value FROM spooled ORDER BY id', format: 'JSONEachRow' })).json();
    expect(rows).toEqual([{ id: 1, value: 'one' }, { id: 2, value: 'two' }, { id: 3, value: 'three' }]);
    expect(await readdir(path.join(dataDir, 'insert-files'))).toEqual([]);
  });
});
