import { compareDated, lowerBound, type Dated } from './dated.ts';

/**
 * Objects kept sorted for paging (oldest last_updated first). Records mostly arrive in time order, so an
 * insert is usually an append; an update moves the object to its new place.
 */
export class OrderedIndex<T extends Dated> {
  readonly #byKey = new Map<string, T>();
  readonly #ordered: T[] = [];

  get size(): number {
    return this.#ordered.length;
  }

  /** Sorted by `compareDated`; do not modify. */
  ordered(): readonly T[] {
    return this.#ordered;
  }

  get(key: string): T | undefined {
    return this.#byKey.get(key);
  }

  upsert(item: T): void {
    this.remove(item.key);
    const last = this.#ordered.at(-1);
    if (last === undefined || compareDated(last, item) < 0) this.#ordered.push(item);
    else this.#ordered.splice(lowerBound(this.#ordered, item), 0, item);
    this.#byKey.set(item.key, item);
  }

  remove(key: string): void {
    const before = this.#byKey.get(key);
    if (before === undefined) return;
    this.#ordered.splice(lowerBound(this.#ordered, before), 1);
    this.#byKey.delete(key);
  }
}
