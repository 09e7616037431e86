import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../services/core/config/config.ts';
import { projectors } from '../../services/projectors/main.ts';
import { loadProjectorSettings } from '../../services/projectors/projector-config.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const text = (file: string) => readFile(`${root}${file}`, 'utf8');
const context = { cwd: '/app', hostname: 'test' };
const singleServiceCommands = new Set(['edge', 'ocpi', 'history', 'projector']);
/** One container per projector, so a deployment runs every projection the embedded mode runs. */
const expectedServices = ['edge', 'history', 'ocpi', ...Object.keys(projectors).map((name) => `projector-${name}`)].sort();

interface K8sContainer {
  args: string[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: unknown };
  readinessProbe: { httpGet: unknown };
  envFrom: unknown[];
}

interface K8sDocument {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec: { template: { spec: { containers: K8sContainer[]; terminationGracePeriodSeconds: number } } };
}

interface ComposeService {
  command?: string[];
  build?: { context: string; dockerfile: string };
  env_file?: string;
  environment?: Record<string, string>;
}

function envFile(contents: string): Record<string, string> {
  return Object.fromEntries(
    contents
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('deploy/docker-compose.yml', () => {
  it('runs every service from the one image with a configuration the config module accepts', async () => {
    const compose = parse(await text('deploy/docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
    const shared = envFile(await text('deploy/switchyard.env'));
    const switchyardServices = Object.entries(compose.services).filter(([, service]) => service.command !== undefined);
    expect(switchyardServices.map(([name]) => name).sort()).toEqual(expectedServices);
    for (const [name, service] of switchyardServices) {
      expect(service.build, name).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
      expect(service.env_file, name).toBe('switchyard.env');
      expect(singleServiceCommands.has(service.command?.[0] ?? ''), name).toBe(true);
      const environment = { ...shared, ...service.environment, SWITCHYARD_ADMIN_TOKEN: 'a-token-of-sufficient-length' };
      const config = loadConfig(environment, context);
      expect(config.infrastructure.mode, name).toBe('distributed');
      expect(() => loadProjectorSettings(environment), name).not.toThrow();
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'schema-registry', 'clickhouse']));
  });
});

describe('deploy/k8s', () => {
  it('has a Deployment and a Service per service, probing the ops port the ConfigMap configures', async () => {
    const kustomization = parse(await text('deploy/k8s/kustomization.yaml')) as { resources: string[] };
    const files = (await readdir(`${root}deploy/k8s`)).filter((file) => file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());

    const documents = (await Promise.all(files.map(async (file) => parseAllDocuments(await text(`deploy/k8s/${file}`)))))
      .flat()
      .map((document) => {
        expect(document.errors).toEqual([]);
        return document.toJS() as K8sDocument;
      });
    const configMap = documents.find((document) => document.kind === 'ConfigMap');
    const config = loadConfig({ ...configMap?.data, SWITCHYARD_ADMIN_TOKEN: 'a-token-of-sufficient-length' }, context);
    expect(config.infrastructure.mode).toBe('distributed');
    expect(() => loadProjectorSettings({ ...configMap?.data })).not.toThrow();

    const deployments = documents.filter((document) => document.kind === 'Deployment');
    const services = documents.filter((document) => document.kind === 'Service').map((document) => document.metadata.name);
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(expectedServices);
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      expect(services, name).toContain(name);
      const container = deployment.spec.template.spec.containers[0];
      expect(singleServiceCommands.has(container?.args[0] ?? ''), name).toBe(true);
      expect(container?.ports.find((port) => port.name === 'ops')?.containerPort, name).toBe(config.listen.opsPort);
      expect(container?.livenessProbe.httpGet, name).toEqual({ path: '/healthz', port: 'ops' });
      expect(container?.readinessProbe.httpGet, name).toEqual({ path: '/readyz', port: 'ops' });
      expect(container?.envFrom, name).toEqual([{ configMapRef: { name: configMap?.metadata.name } }]);
      // Kubernetes must wait longer than the process's own shutdown limit before it kills it.
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000, name).toBeGreaterThan(config.shutdownTimeoutMs);
    }
  });
});

describe('README', () => {
  it('documents every SWITCHYARD_* variable the services read', async () => {
    const readme = await text('README.md');
    const sources = (await readdir(`${root}services`, { recursive: true }))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => `services/${file}`);
    const variables = new Set<string>();
    for (const file of sources) {
      for (const match of (await text(file)).matchAll(/SWITCHYARD_[A-Z0-9_]*[A-Z0-9]\b/g)) variables.add(match[0]);
    }
    expect(variables.size).toBeGreaterThan(10);
    const undocumented = [...variables].filter((variable) => !readme.includes(`\`${variable}\``));
    expect(undocumented).toEqual([]);
  });
});
