const firstChunkBytes = 64 * 1024;
const maxChunkBytes = 1024 * 1024;

/**
 * Encoded rows appended into buffers: they wait for their INSERT as bytes outside the JavaScript heap
 * instead of as objects the garbage collector keeps copying. Full buffers are kept as they are and new ones
 * added (growing one would copy every byte again, and fault in fresh pages each time).
 */
export class ChunkedBytes {
  private readonly sealed: Uint8Array[] = [];
  private current = Buffer.allocUnsafe(firstChunkBytes);
  private used = 0;
  private handedOut = 0;
  private appended = 0;

  /** Rows appended so far. */
  get count(): number {
    return this.appended;
  }

  /** One row as text, written as UTF-8. */
  appendText(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const at = this.roomFor(text.length * 3);
    this.used += this.current.write(text, at, 'utf8');
    this.appended += 1;
  }

  /** One row's bytes, copied. */
  appendBytes(bytes: Uint8Array): void {
    const at = this.roomFor(bytes.byteLength);
    this.current.set(bytes, at);
    this.used += bytes.byteLength;
    this.appended += 1;
  }

  /** Rows already in chunks, taken over as they are. */
  appendChunks(chunks: readonly Uint8Array[], count: number): void {
    this.seal();
    this.sealed.push(...chunks);
    this.appended += count;
  }

  /** The bytes so far. Bytes once handed out are never written again, so the result stays valid. */
  chunks(): Uint8Array[] {
    this.seal();
    return [...this.sealed];
  }

  /** Where `most` bytes fit in the current buffer, starting a new one when they do not. */
  private roomFor(most: number): number {
    if (this.used + most > this.current.length) {
      this.seal();
      this.current = Buffer.allocUnsafe(Math.max(most, Math.min(maxChunkBytes, 2 * this.current.length)));
      this.used = 0;
      this.handedOut = 0;
    }
    return this.used;
  }

  private seal(): void {
    if (this.used === this.handedOut) return;
    this.sealed.push(this.current.subarray(this.handedOut, this.used));
    this.handedOut = this.used;
  }
}
