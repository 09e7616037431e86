/**
 * `make bench`: runs every test/bench/*.bench.ts (or the names given) each in its own process, prints the
 * tables and keeps them in test/bench/results/<name>.md with the date and machine they were measured on.
 */
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployedTypeScript } from './deployed-typescript.ts';
import { renderMarkdownTable, type BenchTable } from './report.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultMarker = '@@bench-result ';

async function benchModules(selected: readonly string[]): Promise<string[]> {
  const files = (await readdir(benchDir)).filter((file) => file.endsWith('.bench.ts')).sort();
  const names = files.map((file) => file.replace(/\.bench\.ts$/, ''));
  const unknown = selected.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${names.join(', ')}`);
  return selected.length > 0 ? [...selected] : names;
}

function runInChild(name: string): Promise<BenchTable[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', deployedTypeScript, '--expose-gc', join(benchDir, 'run-one.ts'), join(benchDir, `${name}.bench.ts`)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith(resultMarker));
      if (code !== 0 || line === undefined) {
        reject(new Error(`benchmark ${name} failed (exit ${code}):\n${output.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(resultMarker.length)) as BenchTable[]);
    });
  });
}

function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `${new Date().toISOString()} · ${cpus().length} cores (${cpu}) · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`;
}

const failures: string[] = [];
for (const name of await benchModules(process.argv.slice(2))) {
  process.stdout.write(`\n## ${name}\n`);
  try {
    const tables = await runInChild(name);
    const rendered = tables.map(renderMarkdownTable).join('\n\n');
    process.stdout.write(`${rendered}\n`);
    await writeFile(join(benchDir, 'results', `${name}.md`), `# ${name}\n\nMeasured ${machineLine()}\n\n${rendered}\n`);
  } catch (error) {
    failures.push(name);
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
}
if (failures.length > 0) {
  process.stderr.write(`\nbenchmarks failed: ${failures.join(', ')}\n`);
  process.exit(1);
}
