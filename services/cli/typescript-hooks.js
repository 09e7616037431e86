// Module hooks that run Switchyard's TypeScript: each .ts file is stripped of its types by esbuild as it
// is loaded. Not tsx: tsx always compiles with keepNames, which wraps every function created at run time
// in a defineProperty call; on the hot paths (closures made per OCPP frame) those calls took 2-3% of the
// gateway's CPU samples under load.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

/** The compiler options esbuild honours from tsconfig.json (class fields, decorators, JSX). */
const tsconfigRaw = JSON.parse(await readFile(new URL('../../tsconfig.json', import.meta.url), 'utf8'));

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const sourcefile = fileURLToPath(url);
  const { code } = await transform(await readFile(sourcefile, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcefile,
    sourcemap: 'inline',
    tsconfigRaw,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
