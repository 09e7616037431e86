import { SwitchyardError } from '../errors.ts';

/**
 * Confluent wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian integer,
 * then the Avro binary body. Any Confluent-compatible consumer can decode what we write, and back.
 */
export const magicByte = 0;
export const wireHeaderLength = 5;

export function writeWireHeader(target: Buffer, schemaId: number): void {
  target.writeUInt8(magicByte, 0);
  target.writeUInt32BE(schemaId, 1);
}

/** The writer schema's id of a Confluent-framed value, whose Avro body starts at `wireHeaderLength`. */
export function readSchemaId(buffer: Buffer): number {
  if (buffer.length < wireHeaderLength) {
    throw new SwitchyardError('serde.not_wire_format', `a Confluent-framed value has at least ${wireHeaderLength} bytes, got ${buffer.length}`, {
      retriable: false,
    });
  }
  const magic = buffer[0];
  if (magic !== magicByte) {
    throw new SwitchyardError('serde.not_wire_format', `unknown magic byte ${magic} (expected ${magicByte}): not a Confluent-framed value`, {
      retriable: false,
    });
  }
  return buffer.readUInt32BE(1);
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
