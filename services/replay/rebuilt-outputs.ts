import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Headers } from '../core/bus/event-bus.ts';
import { SwitchyardError } from '../core/errors.ts';

/** A rebuilt output record, exactly as it would be appended to the live topic. */
export interface RebuiltRecord {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Headers;
  readonly timestamp: number;
}

interface RebuiltLine {
  readonly key: string;
  readonly timestamp: string;
  readonly headers: Headers;
  readonly value_base64: string;
}

/**
 * The rebuild's output, one JSON object per line in key order, written whole and renamed into place: the
 * file exists only once the projection is complete, so a checkpoint that names it can trust it.
 */
export async function writeRebuiltRecords(file: string, records: readonly RebuiltRecord[]): Promise<void> {
  const lines = records.map((record) => {
    const line: RebuiltLine = {
      key: record.key,
      timestamp: new Date(record.timestamp).toISOString(),
      headers: record.headers,
      value_base64: record.value.toString('base64'),
    };
    return `${JSON.stringify(line)}\n`;
  });
  const draft = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(draft, lines.join(''));
    await rename(draft, file);
  } catch (error) {
    throw new SwitchyardError('replay.rebuild', `cannot write ${file}`, { retriable: true, cause: error });
  }
}

export async function readRebuiltRecords(file: string): Promise<RebuiltRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SwitchyardError('replay.rebuild', `cannot read the rebuilt outputs in ${file}; pass --restart to rebuild again`, {
      retriable: false,
      cause: error,
    });
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const parsed = JSON.parse(line) as RebuiltLine;
      return { key: parsed.key, value: Buffer.from(parsed.value_base64, 'base64'), headers: parsed.headers, timestamp: Date.parse(parsed.timestamp) };
    });
}
