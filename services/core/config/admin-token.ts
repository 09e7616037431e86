import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SwitchyardError } from '../errors.ts';

export const adminTokenFileName = 'admin.token';

export interface AdminToken {
  readonly value: string;
  readonly source: 'environment' | 'generated' | 'file';
  /** Where the token was read from or written to (undefined when it came from the environment). */
  readonly file: string | undefined;
}

/**
 * The admin API token: the configured one, else the one generated at first start. It is written with
 * mode 0600 and reused after so scripts keep working across restarts.
 */
export async function resolveAdminToken(configured: string | undefined, dataDir: string): Promise<AdminToken> {
  if (configured !== undefined) return { value: configured, source: 'environment', file: undefined };
  const file = path.join(dataDir, adminTokenFileName);
  const existing = await readTokenFile(file);
  if (existing !== undefined) return { value: existing, source: 'file', file };
  await mkdir(dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  // Written aside then hard-linked into place: the token file appears complete or not at all, and of
  // two processes starting on one data dir the second finds the first one's token (EEXIST).
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(draft, `${generated}\n`, { mode: 0o600 });
    // The umask may have narrowed or widened the mode given to writeFile.
    await chmod(draft, 0o600);
    await link(draft, file);
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) return resolveAdminToken(configured, dataDir);
    throw new SwitchyardError('config.admin_token', `cannot write admin token to ${file}`, {
      retriable: false,
      cause: error,
    });
  } finally {
    await rm(draft, { force: true });
  }
  return { value: generated, source: 'generated', file };
}

async function readTokenFile(file: string): Promise<string | undefined> {
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token.length === 0) {
      throw new SwitchyardError('config.admin_token', `${file} is empty; delete it to generate a new token`, {
        retriable: false,
      });
    }
    return token;
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
