import { describe, expect, it } from 'vitest';
import { ChunkedBytes } from '../../services/core/clickhouse/chunked-bytes.ts';

describe('ChunkedBytes', () => {
  it('keeps every row whole and in order when rows of text and bytes spill over many buffers', () => {
    const rows = Array.from({ length: 2_000 }, (_, index) => `${index}:${'é'.repeat(index % 300)}\n`);
    const bytes = new ChunkedBytes();
    rows.forEach((row, index) => (index % 2 === 0 ? bytes.appendText(row) : bytes.appendBytes(Buffer.from(row))));

    const chunks = bytes.chunks();
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(rows.join(''));
    expect(bytes.count).toBe(rows.length);
  });

  it('leaves bytes already handed out unchanged by later rows', () => {
    const bytes = new ChunkedBytes();
    bytes.appendText('first\n');
    const [handedOut] = bytes.chunks();
    bytes.appendBytes(Buffer.from('second\n'));

    expect(Buffer.from(handedOut ?? []).toString()).toBe('first\n');
    expect(Buffer.concat(bytes.chunks()).toString()).toBe('first\nsecond\n');
  });
});
