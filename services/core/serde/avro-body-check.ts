import type avro from 'avsc';
import { SwitchyardError } from '../errors.ts';

/** Checks that `bytes` from `start` to their end hold exactly one value; throws where they do not. */
export type AvroBodyCheck = (bytes: Uint8Array, start: number) => void;

/** Walks one Avro binary value from `position` and returns where it ends. */
type Walk = (bytes: Uint8Array, position: number) => number;

/**
 * A value's Avro body checked against its writer schema without building it: what history needs before it
 * hands the bytes to ClickHouse as they are. It catches what decoding would (truncation, a union branch or
 * enum symbol out of range, a negative length) at a fraction of the cost, since no string is created.
 * avsc has no public way to skip a value, hence this walker over avsc's public type model.
 */
export function compileAvroBodyCheck(type: avro.Type): AvroBodyCheck {
  const walk = walkOf(type, new Map());
  return (bytes, start) => {
    const end = walk(bytes, start);
    if (end !== bytes.length) throw new MalformedBody(`${bytes.length - end} bytes of trailing data`);
  };
}

class MalformedBody extends Error {}

let varintValue = 0;

/**
 * Reads a zig-zag varint at `position` into `varintValue`; returns the position after it. Lengths, counts
 * and indices fit in four bytes, read with integer operations; longer ones (none this walker needs the
 * value of) fall back to floating-point arithmetic.
 */
function readVarint(bytes: Uint8Array, position: number): number {
  let unsigned = 0;
  for (let index = 0; index < 4; index += 1) {
    const byte = bytes[position + index];
    if (byte === undefined) throw new MalformedBody(`truncated varint at byte ${position}`);
    unsigned |= (byte & 0x7f) << (7 * index);
    if (byte < 0x80) {
      varintValue = (unsigned >>> 1) ^ -(unsigned & 1);
      return position + index + 1;
    }
  }
  return readLongVarint(bytes, position);
}

function readLongVarint(bytes: Uint8Array, position: number): number {
  let unsigned = 0;
  let at = position;
  for (let shift = 0; ; shift += 7) {
    if (shift > 63) throw new MalformedBody(`varint longer than 10 bytes at byte ${position}`);
    const byte = bytes[at];
    if (byte === undefined) throw new MalformedBody(`truncated varint at byte ${position}`);
    at += 1;
    unsigned += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  varintValue = unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
  return at;
}

/** Steps over an int or long whose value nothing needs (timestamps, numbers). */
function skipVarint(bytes: Uint8Array, position: number): number {
  for (let index = 0; index < 10; index += 1) {
    const byte = bytes[position + index];
    if (byte === undefined) throw new MalformedBody(`truncated varint at byte ${position}`);
    if (byte < 0x80) return position + index + 1;
  }
  throw new MalformedBody(`varint longer than 10 bytes at byte ${position}`);
}

function skipBytes(bytes: Uint8Array, position: number, length: number): number {
  const end = position + length;
  if (length < 0 || end > bytes.length) throw new MalformedBody(`a length of ${length} at byte ${position} runs past the value`);
  return end;
}

function lengthPrefixed(bytes: Uint8Array, position: number): number {
  const at = readVarint(bytes, position);
  return skipBytes(bytes, at, varintValue);
}

function walkOf(type: avro.Type, named: Map<string, Walk>): Walk {
  const name = type.name;
  if (name !== undefined) {
    const known = named.get(name);
    if (known !== undefined) return known;
    // Recursive types refer to themselves: the placeholder forwards to the check once it is built.
    let built: Walk | undefined;
    named.set(name, (bytes, position) => (built as Walk)(bytes, position));
    built = walkOfUnnamed(type, named);
    named.set(name, built);
    return built;
  }
  return walkOfUnnamed(type, named);
}

function walkOfUnnamed(type: avro.Type, named: Map<string, Walk>): Walk {
  const typeName = type.typeName;
  switch (typeName) {
    case 'null':
      return (_bytes, position) => position;
    case 'boolean':
      return (bytes, position) => {
        const byte = bytes[position];
        if (byte !== 0 && byte !== 1) throw new MalformedBody(`not a boolean at byte ${position}`);
        return position + 1;
      };
    case 'int':
    case 'long':
      return skipVarint;
    case 'float':
      return (bytes, position) => skipBytes(bytes, position, 4);
    case 'double':
      return (bytes, position) => skipBytes(bytes, position, 8);
    case 'string':
    case 'bytes':
      return lengthPrefixed;
    case 'fixed': {
      const size = (type as avro.types.FixedType).size;
      return (bytes, position) => skipBytes(bytes, position, size);
    }
    case 'enum': {
      const symbols = (type as avro.types.EnumType).symbols.length;
      return (bytes, position) => indexIn(bytes, position, symbols, 'enum symbol');
    }
    case 'record':
    case 'error': {
      const fields = (type as avro.types.RecordType).fields.map((field) => walkOf(field.type, named));
      return (bytes, position) => {
        let at = position;
        for (const field of fields) at = field(bytes, at);
        return at;
      };
    }
    case 'array':
      return blocks(walkOf((type as avro.types.ArrayType).itemsType, named));
    case 'map': {
      const value = walkOf((type as avro.types.MapType).valuesType, named);
      return blocks((bytes, position) => value(bytes, lengthPrefixed(bytes, position)));
    }
    case 'union:unwrapped':
    case 'union:wrapped': {
      const branches = (type as avro.types.UnwrappedUnionType | avro.types.WrappedUnionType).types.map((branch) => walkOf(branch, named));
      return (bytes, position) => {
        const at = indexIn(bytes, position, branches.length, 'union branch');
        return (branches[varintValue] as Walk)(bytes, at);
      };
    }
    default:
      throw new SwitchyardError('serde.unsupported_type', `no body check for Avro type ${typeName}`, { retriable: false });
  }
}

function indexIn(bytes: Uint8Array, position: number, count: number, what: string): number {
  const at = readVarint(bytes, position);
  if (varintValue < 0 || varintValue >= count) throw new MalformedBody(`${what} ${varintValue} of ${count} at byte ${position}`);
  return at;
}

/** Arrays and maps: blocks of items until an empty one; a negative count is followed by the block's size. */
function blocks(item: Walk): Walk {
  return (bytes, position) => {
    let at = readVarint(bytes, position);
    while (varintValue !== 0) {
      let count = varintValue;
      if (count < 0) {
        count = -count;
        at = readVarint(bytes, at);
      }
      for (let index = 0; index < count; index += 1) at = item(bytes, at);
      at = readVarint(bytes, at);
    }
    return at;
  };
}

/** The check's problem as the serde reports a corrupt value; anything else is a bug and passes through. */
export function isMalformedBody(error: unknown): error is Error {
  return error instanceof MalformedBody;
}
