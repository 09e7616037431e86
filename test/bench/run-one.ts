/**
 * Child-process entry: runs one benchmark module and prints its tables as one JSON line. Each benchmark
 * gets a fresh process so memory numbers and JIT state of one never colour another.
 */
import type { Benchmark } from './report.ts';

const modulePath = process.argv[2];
if (modulePath === undefined) throw new Error('usage: run-one.ts <bench module>');
const benchmark = ((await import(modulePath)) as { default: Benchmark }).default;
const tables = await benchmark.run();
process.stdout.write(`\n@@bench-result ${JSON.stringify(tables)}\n`);
process.exit(0);
