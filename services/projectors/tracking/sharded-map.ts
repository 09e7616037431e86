/**
 * An immutable map with cheap updates: a hash trie of three levels of 32 (32,768 buckets), and `set`
 * copies only the three 32-slot arrays on the path to its bucket and that bucket (its few entries). The
 * projectors' state is a value that `evolve` replaces; copying a flat map of every charger (or token, or
 * location) per input would make each input cost as much as the fleet is large, and a start-up that
 * replays n inputs cost n². Buckets are small arrays, not Maps: copying a Map costs far more than its
 * entries.
 */
const bitsPerLevel = 5;
const width = 1 << bitsPerLevel;
const levelMask = width - 1;

type Entry<V> = readonly [key: string, value: V];
type Bucket<V> = readonly Entry<V>[];
type Twig<V> = readonly Bucket<V>[];
type Branch<V> = readonly Twig<V>[];
type Root<V> = readonly Branch<V>[];

const emptyBucket: Bucket<never> = [];
const emptyTwig: Twig<never> = Array.from({ length: width }, () => emptyBucket);
const emptyBranch: Branch<never> = Array.from({ length: width }, () => emptyTwig);
const emptyRoot: Root<never> = Array.from({ length: width }, () => emptyBranch);

/** A string hash whose bits spread well (murmur3's finalizer over a multiplicative hash). */
function hashOf(key: string): number {
  let hash = 0;
  for (let index = 0; index < key.length; index += 1) hash = (Math.imul(hash, 31) + key.charCodeAt(index)) | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

const slot = (hash: number, level: number): number => (hash >>> (level * bitsPerLevel)) & levelMask;

/** A copy of `array` with `index` replaced. */
function replaced<T>(array: readonly T[], index: number, value: T): T[] {
  const copy = array.slice();
  copy[index] = value;
  return copy;
}

export class ShardedMap<V> {
  private constructor(private readonly root: Root<V>) {}

  static empty<V>(): ShardedMap<V> {
    return new ShardedMap<V>(emptyRoot);
  }

  get(key: string): V | undefined {
    return this.bucketOf(hashOf(key)).find(([candidate]) => candidate === key)?.[1];
  }

  has(key: string): boolean {
    return this.bucketOf(hashOf(key)).some(([candidate]) => candidate === key);
  }

  set(key: string, value: V): ShardedMap<V> {
    return this.withBucket(hashOf(key), (bucket) => {
      const index = bucket.findIndex(([candidate]) => candidate === key);
      return index === -1 ? [...bucket, [key, value]] : replaced(bucket, index, [key, value]);
    });
  }

  delete(key: string): ShardedMap<V> {
    if (!this.has(key)) return this;
    return this.withBucket(hashOf(key), (bucket) => bucket.filter(([candidate]) => candidate !== key));
  }

  /** Every key, in no particular order. */
  *keys(): IterableIterator<string> {
    for (const branch of this.root) {
      if (branch === emptyBranch) continue;
      for (const twig of branch) {
        if (twig === emptyTwig) continue;
        for (const bucket of twig) for (const [key] of bucket) yield key;
      }
    }
  }

  private bucketOf(hash: number): Bucket<V> {
    return this.root[slot(hash, 0)]?.[slot(hash, 1)]?.[slot(hash, 2)] ?? emptyBucket;
  }

  private withBucket(hash: number, change: (bucket: Bucket<V>) => Bucket<V>): ShardedMap<V> {
    const branch = this.root[slot(hash, 0)] ?? emptyBranch;
    const twig = branch[slot(hash, 1)] ?? emptyTwig;
    const bucket = twig[slot(hash, 2)] ?? emptyBucket;
    return new ShardedMap(replaced(this.root, slot(hash, 0), replaced(branch, slot(hash, 1), replaced(twig, slot(hash, 2), change(bucket)))));
  }
}
