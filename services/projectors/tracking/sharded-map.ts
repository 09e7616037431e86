/**
 * An immutable map with cheap updates: keys are spread over fixed shards, and `set` copies only the shard
 * array and the one shard it touches. The projectors' state is a value that `evolve` replaces; copying a
 * flat map of every charger per event would make each event cost as much as the fleet is large.
 */
const shardCount = 64;

function shardOf(key: string): number {
  let hash = 0;
  for (let index = 0; index < key.length; index += 1) hash = (Math.imul(hash, 31) + key.charCodeAt(index)) | 0;
  return (hash >>> 0) % shardCount;
}

export class ShardedMap<V> {
  private constructor(private readonly shards: readonly ReadonlyMap<string, V>[]) {}

  static empty<V>(): ShardedMap<V> {
    return new ShardedMap<V>(Array.from({ length: shardCount }, () => new Map<string, V>()));
  }

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]?.get(key);
  }

  set(key: string, value: V): ShardedMap<V> {
    const index = shardOf(key);
    const shards = [...this.shards];
    shards[index] = new Map(this.shards[index]).set(key, value);
    return new ShardedMap(shards);
  }

  delete(key: string): ShardedMap<V> {
    const index = shardOf(key);
    if (this.shards[index]?.has(key) !== true) return this;
    const shards = [...this.shards];
    const shard = new Map(this.shards[index]);
    shard.delete(key);
    shards[index] = shard;
    return new ShardedMap(shards);
  }
}
