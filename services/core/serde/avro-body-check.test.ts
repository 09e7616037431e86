import { describe, expect, it } from 'vitest';
import { compileAvroBodyCheck, isMalformedBody } from './avro-body-check.ts';
import { compileAvroType, type AvroSchema } from './avro-schema.ts';

const node: AvroSchema = {
  type: 'record',
  name: 'Node',
  fields: [
    { name: 'label', type: 'string' },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['LEAF', 'BRANCH'] } },
    { name: 'weight', type: ['null', 'double'] },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'tags', type: { type: 'map', values: 'int' } },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 2 } },
    { name: 'on', type: 'boolean' },
    { name: 'children', type: { type: 'array', items: 'Node' } },
  ],
};
const type = compileAvroType(node);
const check = compileAvroBodyCheck(type);
const leaf = { label: 'é\t', kind: 'LEAF', weight: null, at: 1_795_248_001_000, tags: {}, hash: Buffer.from('ab'), on: true, children: [] };
const tree = { ...leaf, kind: 'BRANCH', weight: 2.5, tags: { a: -1, b: 300 }, children: [leaf, { ...leaf, label: 'x'.repeat(200) }] };
const bytes = (value: unknown) => type.toBuffer(value);

function problemOf(body: Uint8Array): string | undefined {
  try {
    check(body, 0);
    return undefined;
  } catch (error) {
    if (!isMalformedBody(error)) throw error;
    return error.message;
  }
}

describe('Avro body check', () => {
  it.each([
    ['a leaf', bytes(leaf)],
    ['a tree with maps, unions, long strings and recursion', bytes(tree)],
  ])('given %s as avsc writes it, finds nothing wrong', (_name, body) => {
    expect(problemOf(body)).toBeUndefined();
  });

  it('given an array written in blocks with sizes (negative counts), walks them', () => {
    const blocked = Buffer.concat([
      bytes(leaf).subarray(0, bytes(leaf).length - 1),
      // One block of one child: count -1 (zig-zag 1), its byte size, the child, then the end block.
      Buffer.from([0x01, bytes(leaf).length * 2]),
      bytes(leaf),
      Buffer.from([0x00]),
    ]);
    expect(problemOf(blocked)).toBeUndefined();
  });

  const valid = bytes(leaf);
  const labelLength = 3; // 'é\t' is three UTF-8 bytes: the label is [length 3 as zig-zag 6, 3 bytes]
  const kindAt = 1 + labelLength;
  it.each([
    ['the last byte is missing', valid.subarray(0, valid.length - 1), /truncated varint/],
    ['a byte trails the value', Buffer.concat([valid, Buffer.from([0])]), /1 bytes of trailing data/],
    ['a string length is negative', Buffer.concat([Buffer.from([0x05]), valid.subarray(1)]), /length of -3/],
    ['a string runs past the end', Buffer.concat([Buffer.from([0x7e]), valid.subarray(1)]), /runs past the value/],
    ['the enum index is beyond its symbols', Buffer.concat([valid.subarray(0, kindAt), Buffer.from([0x04]), valid.subarray(kindAt + 1)]), /enum symbol 2 of 2/],
    ['the union branch is beyond its types', Buffer.concat([valid.subarray(0, kindAt + 1), Buffer.from([0x04]), valid.subarray(kindAt + 2)]), /union branch 2 of 2/],
    ['a boolean is neither 0 nor 1', Buffer.concat([valid.subarray(0, valid.length - 2), Buffer.from([0x02, 0x00])]), /not a boolean/],
  ])('given a body where %s, names the problem', (_name, body, problem) => {
    expect(problemOf(body)).toMatch(problem);
  });
});
