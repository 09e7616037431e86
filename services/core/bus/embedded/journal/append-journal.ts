import { constants, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJournalSegment, type JournalEntry } from './journal-entry.ts';

interface Segment {
  readonly path: string;
  readonly bytes: number;
  /** The last entry written to it (0: none), so it can be reused once lmdb holds that entry on disk. */
  lastSequence: number;
  handle?: FileHandle;
}

export interface OpenedJournal {
  readonly journal: AppendJournal;
  /** Every valid entry the segments hold, by sequence; the caller keeps those lmdb lacks. */
  readonly entries: JournalEntry[];
}

const segmentName = /^segment-(\d+)\.wal$/;
const zeroChunk = Buffer.alloc(1024 * 1024);

/**
 * The write-ahead journal of durable appends: entries (journal-entry.ts) written one after the other into
 * segment files that are created full of zeros and then reused, opened with O_DSYNC. A write to blocks
 * that already exist changes no file metadata, so the disk syncs the data and nothing else: much cheaper
 * than an lmdb commit, which syncs its data and then its meta page.
 *
 * A segment becomes reusable once `release` says lmdb holds its entries on disk. Writes are not
 * concurrent: the group-commit appender issues the next one after the previous resolved.
 */
export class AppendJournal {
  private released = 0;
  private spare: Promise<Segment | undefined> | undefined;

  private constructor(
    private readonly directory: string,
    private readonly segmentBytes: number,
    private readonly segments: Segment[],
    private current: Segment | undefined,
    private position: number,
    private nextSegmentIndex: number,
  ) {}

  /** Reads every segment (synchronously: the log opens synchronously) and continues after the newest entry. */
  static open(directory: string, segmentBytes: number): OpenedJournal {
    mkdirSync(directory, { recursive: true });
    const segments: Segment[] = [];
    const entries: JournalEntry[] = [];
    let current: { segment: Segment; end: number } | undefined;
    let nextSegmentIndex = 0;
    for (const name of readdirSync(directory).filter((file) => segmentName.test(file))) {
      nextSegmentIndex = Math.max(nextSegmentIndex, Number(segmentName.exec(name)?.[1]) + 1);
      const path = join(directory, name);
      const contents = readFileSync(path);
      const decoded = decodeJournalSegment(contents);
      const segment: Segment = { path, bytes: contents.length, lastSequence: decoded.entries.at(-1)?.sequence ?? 0 };
      segments.push(segment);
      entries.push(...decoded.entries);
      if (segment.lastSequence > (current?.segment.lastSequence ?? 0)) current = { segment, end: decoded.end };
    }
    entries.sort((first, second) => first.sequence - second.sequence);
    const journal = new AppendJournal(directory, segmentBytes, segments, current?.segment, current?.end ?? 0, nextSegmentIndex);
    return { journal, entries };
  }

  /** Writes one encoded entry and resolves once it is on disk; on failure the next write takes its place. */
  async write(sequence: number, entry: Buffer): Promise<void> {
    if (this.current === undefined || this.position + entry.length > this.current.bytes) {
      this.current = await this.segmentFor(entry.length);
      this.position = 0;
    }
    const segment = this.current;
    segment.handle ??= await open(segment.path, constants.O_RDWR | constants.O_DSYNC);
    for (let written = 0; written < entry.length; ) {
      const { bytesWritten } = await segment.handle.write(entry, written, entry.length - written, this.position + written);
      written += bytesWritten;
    }
    this.position += entry.length;
    segment.lastSequence = sequence;
    if (this.position > segment.bytes / 2) this.prepareSpare();
  }

  /** lmdb holds every entry up to `sequence` on disk: the segments holding only those may be overwritten. */
  release(sequence: number): void {
    this.released = Math.max(this.released, sequence);
  }

  async close(): Promise<void> {
    const spare = await this.spare;
    await Promise.all([...this.segments, ...(spare === undefined ? [] : [spare])].map((segment) => segment.handle?.close()));
  }

  private async segmentFor(entryBytes: number): Promise<Segment> {
    const reusable = this.reusableSegments().find((segment) => segment.bytes >= entryBytes);
    if (reusable !== undefined) return reusable;
    const spare = await this.spare;
    this.spare = undefined;
    if (spare !== undefined) this.segments.push(spare);
    if (spare !== undefined && spare.bytes >= entryBytes) return spare;
    const created = await this.createSegment(entryBytes);
    this.segments.push(created);
    return created;
  }

  private reusableSegments(): Segment[] {
    return this.segments.filter((segment) => segment !== this.current && segment.lastSequence <= this.released);
  }

  /**
   * Zero-fills the next segment in the background once the current one is half full, so switching
   * segments rarely waits for it (and a short-lived log never writes a second one).
   */
  private prepareSpare(): void {
    if (this.spare !== undefined || this.reusableSegments().length > 0) return;
    // A failed spare is only a missed head start: segmentFor creates one again when it needs it.
    this.spare = this.createSegment(0).catch(() => undefined);
  }

  private async createSegment(minimumBytes: number): Promise<Segment> {
    const bytes = Math.max(this.segmentBytes, Math.ceil(minimumBytes / zeroChunk.length) * zeroChunk.length);
    const index = this.nextSegmentIndex;
    this.nextSegmentIndex += 1;
    const path = join(this.directory, `segment-${String(index).padStart(8, '0')}.wal`);
    const file = await open(path, 'wx');
    try {
      for (let written = 0; written < bytes; written += zeroChunk.length) {
        await file.write(zeroChunk, 0, Math.min(zeroChunk.length, bytes - written), written);
        // A MiB at a time: the journal's own writes never queue behind the whole segment's flush.
        await file.datasync();
      }
      await file.sync();
    } finally {
      await file.close();
    }
    await syncDirectory(this.directory);
    return { path, bytes, lastSequence: 0 };
  }
}

/** Makes a new file's directory entry durable, or a power loss could forget the segment. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
