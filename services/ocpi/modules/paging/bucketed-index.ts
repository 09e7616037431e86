import type { Dated } from './dated.ts';
import { OrderedIndex } from './ordered-index.ts';

/**
 * Objects split into buckets (e.g. one per owner and eMSP party), each kept in paging order, so a client
 * that may see one bucket pages it without scanning everyone else's objects.
 */
export class BucketedIndex<T extends Dated> {
  readonly #buckets = new Map<string, OrderedIndex<T>>();
  readonly #bucketOfKey = new Map<string, string>();
  readonly #bucketOf: (item: T) => string;

  constructor(bucketOf: (item: T) => string) {
    this.#bucketOf = bucketOf;
  }

  get size(): number {
    return this.#bucketOfKey.size;
  }

  /** Sorted oldest first; empty for a bucket that holds nothing. Do not modify. */
  bucket(name: string): readonly T[] {
    return this.#buckets.get(name)?.ordered() ?? [];
  }

  upsert(item: T): void {
    const name = this.#bucketOf(item);
    if (this.#bucketOfKey.get(item.key) !== name) this.remove(item.key);
    const bucket = this.#buckets.get(name) ?? new OrderedIndex<T>();
    this.#buckets.set(name, bucket);
    bucket.upsert(item);
    this.#bucketOfKey.set(item.key, name);
  }

  remove(key: string): void {
    const name = this.#bucketOfKey.get(key);
    if (name === undefined) return;
    this.#buckets.get(name)?.remove(key);
    this.#bucketOfKey.delete(key);
  }
}
