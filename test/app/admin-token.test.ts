import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAdminToken } from '../../services/core/config/admin-token.ts';

describe('resolveAdminToken', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'switchyard-token-')), 'data');
  });
  afterEach(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('given a configured token, then it is used and nothing is written', async () => {
    const token = await resolveAdminToken('configured-token-0123456789', dataDir);
    expect(token).toEqual({ value: 'configured-token-0123456789', source: 'environment', file: undefined });
    await expect(stat(dataDir)).rejects.toThrow('ENOENT');
  });

  it('given no token and a fresh data dir, then one is generated with mode 0600 and reused after', async () => {
    const generated = await resolveAdminToken(undefined, dataDir);
    expect(generated.source).toBe('generated');
    expect(generated.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = path.join(dataDir, 'admin.token');
    expect(generated.file).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(generated.value);

    const reused = await resolveAdminToken(undefined, dataDir);
    expect(reused).toEqual({ value: generated.value, source: 'file', file });
  });

  it('given two processes starting at once, then both end with the same token', async () => {
    const [first, second] = await Promise.all([resolveAdminToken(undefined, dataDir), resolveAdminToken(undefined, dataDir)]);
    expect(first.value).toBe(second.value);
  });

  it('given an emptied token file, then it refuses rather than accepting an empty token', async () => {
    await resolveAdminToken(undefined, dataDir);
    await writeFile(path.join(dataDir, 'admin.token'), '\n');
    await expect(resolveAdminToken(undefined, dataDir)).rejects.toThrow('is empty');
  });
});
