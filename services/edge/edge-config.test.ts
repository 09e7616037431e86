import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeDefaults, loadEdgeConfig } from './edge-config.ts';

const listen = { host: '127.0.0.1', edgePort: 8180 };

describe('loadEdgeConfig', () => {
  it.each([
    // given SWITCHYARD_EDGE_* variables; then these settings
    [{}, { acceptUnknownChargers: false, maxFrameBytes: edgeDefaults.maxFrameBytes, pingIntervalMs: edgeDefaults.pingIntervalMs }],
    [{ SWITCHYARD_EDGE_ACCEPT_UNKNOWN_CHARGERS: 'true' }, { acceptUnknownChargers: true }],
    [{ SWITCHYARD_EDGE_MAX_FRAME_BYTES: '1024', SWITCHYARD_EDGE_PING_INTERVAL_MS: '5000' }, { maxFrameBytes: 1024, pingIntervalMs: 5000 }],
    [{ SWITCHYARD_EDGE_COMMAND_TIMEOUT_MS: '' }, { commandTimeoutMs: edgeDefaults.commandTimeoutMs }],
  ])('reads %j', (environment, expected) => {
    const config = loadEdgeConfig(environment, listen);
    expect(config).toMatchObject(expected);
    expect(config.listeners).toEqual({ plain: { host: '127.0.0.1', port: 8180 } });
  });

  it.each([
    // given invalid variables; then the variable named in the error
    [{ SWITCHYARD_EDGE_ACCEPT_UNKNOWN_CHARGERS: 'yes' }, 'SWITCHYARD_EDGE_ACCEPT_UNKNOWN_CHARGERS'],
    [{ SWITCHYARD_EDGE_MAX_FRAME_BYTES: '-1' }, 'SWITCHYARD_EDGE_MAX_FRAME_BYTES'],
    [{ SWITCHYARD_EDGE_TLS_PORT: '8443' }, 'go together'],
  ])('refuses %j', (environment, named) => {
    expect(() => loadEdgeConfig(environment, listen)).toThrow(named);
  });

  it('adds the TLS listener with the PEM files read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-edge-config-'));
    try {
      await writeFile(join(dir, 'key.pem'), 'KEY');
      await writeFile(join(dir, 'cert.pem'), 'CERT');
      const config = loadEdgeConfig(
        { SWITCHYARD_EDGE_TLS_PORT: '8443', SWITCHYARD_EDGE_TLS_KEY_FILE: join(dir, 'key.pem'), SWITCHYARD_EDGE_TLS_CERT_FILE: join(dir, 'cert.pem') },
        listen,
      );
      expect(config.listeners.tls).toEqual({ host: '127.0.0.1', port: 8443, key: 'KEY', cert: 'CERT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
