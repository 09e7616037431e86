/**
 * An immutable map with cheap updates: a two-level hash trie of 128 x 128 buckets, and `set` copies only
 * the root, the one branch and the one bucket it touches. The projectors' state is a value that `evolve`
 * replaces; copying a flat map of every charger (or token, or location) per input would make each input
 * cost as much as the fleet is large, and a start-up that replays n inputs cost n².
 */
const bitsPerLevel = 7;
const width = 1 << bitsPerLevel;
const levelMask = width - 1;

type Bucket<V> = ReadonlyMap<string, V>;
type Branch<V> = readonly Bucket<V>[];

const emptyBucket: Bucket<never> = new Map<string, never>();
const emptyBranch: Branch<never> = Array.from({ length: width }, () => emptyBucket);
const emptyRoot: readonly Branch<never>[] = Array.from({ length: width }, () => emptyBranch);

/** A string hash whose low bits spread well (murmur3's finalizer over a multiplicative hash). */
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

export class ShardedMap<V> {
  private constructor(private readonly root: readonly Branch<V>[]) {}

  static empty<V>(): ShardedMap<V> {
    return new ShardedMap<V>(emptyRoot);
  }

  get(key: string): V | undefined {
    return this.bucketOf(hashOf(key)).get(key);
  }

  has(key: string): boolean {
    return this.bucketOf(hashOf(key)).has(key);
  }

  set(key: string, value: V): ShardedMap<V> {
    return this.withBucket(hashOf(key), (bucket) => new Map(bucket).set(key, value));
  }

  delete(key: string): ShardedMap<V> {
    if (!this.has(key)) return this;
    return this.withBucket(hashOf(key), (bucket) => {
      const copy = new Map(bucket);
      copy.delete(key);
      return copy;
    });
  }

  /** Every key, in no particular order. */
  *keys(): IterableIterator<string> {
    for (const branch of this.root) {
      if (branch === emptyBranch) continue;
      for (const bucket of branch) yield* bucket.keys();
    }
  }

  private bucketOf(hash: number): Bucket<V> {
    return this.root[hash & levelMask]?.[(hash >>> bitsPerLevel) & levelMask] ?? emptyBucket;
  }

  private withBucket(hash: number, change: (bucket: Bucket<V>) => Bucket<V>): ShardedMap<V> {
    const branchIndex = hash & levelMask;
    const bucketIndex = (hash >>> bitsPerLevel) & levelMask;
    const branch = [...(this.root[branchIndex] ?? emptyBranch)];
    branch[bucketIndex] = change(branch[bucketIndex] ?? emptyBucket);
    const root = [...this.root];
    root[branchIndex] = branch;
    return new ShardedMap(root);
  }
}
