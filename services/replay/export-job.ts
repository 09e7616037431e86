import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { BusRecord } from '../core/bus/event-bus.ts';
import { describeError, SwitchyardError } from '../core/errors.ts';
import type { SchemaTopic, Serde } from '../core/serde/serde.ts';
import { avroFrame, jsonLine, type DecodedValue, type ExportFormat } from './export-format.ts';
import { CheckpointCadence, defaultCheckpointCadence } from './job-checkpoints.ts';
import type { Progress } from './progress.ts';
import { advanceExport, recordsDone, remainingRanges, type ExportCheckpoint } from './replay-checkpoint.ts';
import { loadJobCheckpoint, type ReplayJobDeps } from './replay-job.ts';
import { isInWindow, recordCount, type TimeWindow } from './replay-window.ts';
import { findWindowRanges, readRanges, replayGroupOf } from './window-reader.ts';

export interface ExportRequest {
  readonly jobId: string;
  readonly topic: string;
  readonly window: TimeWindow;
  readonly format: ExportFormat;
  readonly outFile: string;
}

export interface ExportDeps extends ReplayJobDeps {
  readonly progress: Progress;
  readonly cadence?: { readonly records: number; readonly intervalMs: number };
}

export interface JobResult {
  readonly status: 'completed' | 'interrupted';
  readonly resumed: boolean;
}

export interface ExportResult extends JobResult {
  /** Records written to the file over every run of the job. */
  readonly exported: number;
}

/**
 * Writes a topic's records of a time window to a file. The checkpoint pins the offset ranges and says
 * how many bytes of the file are done, so an interrupted export resumes to a byte-identical file.
 */
export async function runExport(request: ExportRequest, deps: ExportDeps): Promise<ExportResult> {
  const group = replayGroupOf(request.jobId);
  const existing = await loadJobCheckpoint(deps.checkpoints, request.jobId, 'export', request.topic);
  let checkpoint: ExportCheckpoint = existing ?? {
    kind: 'export',
    jobId: request.jobId,
    topic: request.topic,
    window: request.window,
    ranges: await findWindowRanges(deps.bus, group, request.topic, request.window),
    positions: {},
    outputBytes: 0,
    exported: 0,
    done: false,
  };
  const resumed = existing !== undefined;
  if (checkpoint.done) return { status: 'completed', resumed, exported: checkpoint.exported };

  const fd = openOutput(request.outFile, checkpoint.outputBytes, resumed);
  const cadence = new CheckpointCadence(deps.clock, deps.cadence ?? defaultCheckpointCadence);
  const save = async () => {
    fsyncSync(fd);
    await deps.checkpoints.save(checkpoint);
  };
  try {
    if (!resumed) await save();
    const outcome = await exportRanges();
    if (outcome.kind === 'completed') checkpoint = { ...checkpoint, done: true };
    await save();
    if (outcome.kind === 'failed') {
      throw new SwitchyardError('replay.export', `export stopped: ${describeError(outcome.error)}; rerun to resume`, {
        retriable: true,
        cause: outcome.error,
      });
    }
    return { status: outcome.kind, resumed, exported: checkpoint.exported };
  } finally {
    closeSync(fd);
  }

  async function exportRanges() {
    deps.progress.start(`export ${request.topic}`, recordCount(checkpoint.ranges), recordsDone(checkpoint));
    try {
      return await readRanges({
        bus: deps.bus,
        group,
        topic: request.topic,
        ranges: remainingRanges(checkpoint),
        signal: deps.signal,
        onRecord: async (record) => {
          const bytes = isInWindow(record.timestamp, checkpoint.window) ? await encode(record, request.format, deps.serde) : undefined;
          // Write and checkpoint update happen in one turn, so a saved checkpoint always names exactly
          // the bytes of the records before its positions.
          const bytesWritten = bytes === undefined ? 0 : writeSync(fd, bytes, 0, bytes.length, checkpoint.outputBytes);
          checkpoint = advanceExport(checkpoint, record.partition, record.offset + 1, bytesWritten);
          deps.progress.advance(1);
          if (cadence.tick()) await save();
        },
      });
    } finally {
      deps.progress.stop();
    }
  }
}

/** A new job starts an empty file; a resumed one drops whatever was written after its last checkpoint. */
function openOutput(file: string, checkpointedBytes: number, resumed: boolean): number {
  if (!resumed) return openSync(file, 'w');
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch (error) {
    throw new SwitchyardError('replay.export', `cannot resume: ${file} is gone; pass --restart to export again`, { retriable: false, cause: error });
  }
  if (fstatSync(fd).size < checkpointedBytes) {
    closeSync(fd);
    throw new SwitchyardError('replay.export', `cannot resume: ${file} is shorter than its checkpoint; pass --restart`, { retriable: false });
  }
  ftruncateSync(fd, checkpointedBytes);
  return fd;
}

async function encode(record: BusRecord, format: ExportFormat, serde: Serde): Promise<Buffer> {
  switch (format) {
    case 'avro':
      return avroFrame(record);
    case 'jsonl':
      return Buffer.from(jsonLine(record, await decodeValue(record, serde)));
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

async function decodeValue(record: BusRecord, serde: Serde): Promise<DecodedValue> {
  if (record.value === null) return { kind: 'tombstone' };
  try {
    // Topics without a schema (dead-letter twins hold foreign bytes) fail here and keep their raw bytes.
    return { kind: 'decoded', value: await serde.decode(record.topic as SchemaTopic, record.value) };
  } catch (error) {
    return { kind: 'undecodable', reason: describeError(error) };
  }
}
