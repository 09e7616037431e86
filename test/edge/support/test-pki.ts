import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  readonly key: string;
  readonly cert: string;
}

export interface TestPki {
  readonly ca: string;
  readonly server: Pem;
  clientFor(commonName: string): Promise<Pem>;
  cleanup(): Promise<void>;
}

/** A throwaway CA with a server certificate for 127.0.0.1 and client certificates on demand (openssl). */
export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-edge-pki-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Switchyard Test CA');
  const issue = async (name: string, subject: string, extensions: string): Promise<Pem> => {
    await writeFile(join(dir, `${name}.ext`), extensions);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
    return { key: await readFile(join(dir, `${name}.key`), 'utf8'), cert: await readFile(join(dir, `${name}.pem`), 'utf8') };
  };
  const server = await issue('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  let clients = 0;
  return {
    ca: await readFile(join(dir, 'ca.pem'), 'utf8'),
    server,
    clientFor: (commonName) => {
      clients += 1;
      return issue(`client-${clients}`, `/CN=${commonName}`, 'extendedKeyUsage=clientAuth\n');
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
