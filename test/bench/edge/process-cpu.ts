import { readFile } from 'node:fs/promises';

const clockTicksPerSecond = 100;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): Promise<number> {
  return cpuSecondsIn(`/proc/${pid}/stat`);
}

/** CPU seconds of a process's main thread alone (its JavaScript thread for Node), from /proc (Linux). */
export function mainThreadCpuSeconds(pid: number): Promise<number> {
  return cpuSecondsIn(`/proc/${pid}/task/${pid}/stat`);
}

async function cpuSecondsIn(statPath: string): Promise<number> {
  const stat = await readFile(statPath, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}
