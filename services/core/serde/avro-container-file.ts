import { randomBytes } from 'node:crypto';
import avro from 'avsc';
import type { AvroSchema } from './avro-schema.ts';

/** The header of an Avro object container file, as the Avro specification defines it. */
const headerType = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const longType = avro.Type.forSchema('long');
const magic = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);

/**
 * Bodies already in Avro binary, written with `writerSchema`, as one object container file: a header naming
 * the schema, then a single uncompressed block. Readers of the format (ClickHouse's `Avro` input among
 * them) take the file as it is, so records go from the log to the reader without being decoded here.
 * The result shares the bodies' chunks instead of copying them.
 */
export function avroContainerFile(writerSchema: AvroSchema, bodies: { readonly chunks: readonly Uint8Array[]; readonly count: number }): Uint8Array[] {
  const sync = randomBytes(16);
  const header = headerType.toBuffer({
    magic,
    meta: { 'avro.schema': Buffer.from(JSON.stringify(writerSchema)), 'avro.codec': Buffer.from('null') },
    sync,
  });
  const size = bodies.chunks.reduce((total, chunk) => total + chunk.byteLength, 0);
  const blockHeader = Buffer.concat([longType.toBuffer(bodies.count), longType.toBuffer(size)]);
  return [header, blockHeader, ...bodies.chunks, sync];
}
