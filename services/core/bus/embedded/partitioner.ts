/**
 * Kafka's default partitioner (Java client, librdkafka `murmur2_random`, kafkajs `DefaultPartitioner`):
 * toPositive(murmur2(utf8(key))) % partitions. Using the same hash keeps a charger's records on the same
 * partition number in embedded and Kafka mode, so offsets and replays line up across a migration.
 */

const seed = 0x9747b28c;
const mix = 0x5bd1e995;
const shift = 24;
/** Reused for every key: partitioning runs once per appended record, so it must not allocate. */
let scratch = Buffer.alloc(256);

/** 32-bit signed murmur2 of `data[0, length)`, as Kafka's `Utils.murmur2` computes it. */
export function murmur2(data: Uint8Array, length = data.length): number {
  let hash = seed ^ length;
  const wholeWords = length >>> 2;
  for (let word = 0; word < wholeWords; word += 1) {
    const at = word * 4;
    let k = (data[at] ?? 0) | ((data[at + 1] ?? 0) << 8) | ((data[at + 2] ?? 0) << 16) | ((data[at + 3] ?? 0) << 24);
    k = Math.imul(k, mix);
    k ^= k >>> shift;
    k = Math.imul(k, mix);
    hash = Math.imul(hash, mix);
    hash ^= k;
  }
  const tail = length & ~3;
  const remaining = length & 3;
  if (remaining >= 3) hash ^= (data[tail + 2] ?? 0) << 16;
  if (remaining >= 2) hash ^= (data[tail + 1] ?? 0) << 8;
  if (remaining >= 1) {
    hash ^= data[tail] ?? 0;
    hash = Math.imul(hash, mix);
  }
  hash ^= hash >>> 13;
  hash = Math.imul(hash, mix);
  hash ^= hash >>> 15;
  return hash | 0;
}

export function partitionForKey(key: string, partitions: number): number {
  // Kafka's toPositive masks the sign bit rather than taking Math.abs (which fails on MIN_VALUE).
  const maxBytes = key.length * 3;
  if (scratch.length < maxBytes) scratch = Buffer.alloc(maxBytes);
  const length = scratch.write(key, 0, 'utf8');
  return (murmur2(scratch, length) & 0x7fffffff) % partitions;
}
