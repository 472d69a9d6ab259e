// A small least-recently-used map bounded by a total weight (bytes, entries).
export class Lru<K, V> {
  readonly #entries = new Map<K, { value: V; weight: number }>();
  #total = 0;

  constructor(
    readonly maxWeight: number,
    readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const weight = this.weigh(value);
    const old = this.#entries.get(key);
    if (old) {
      this.#total -= old.weight;
      this.#entries.delete(key);
    }
    if (weight > this.maxWeight) return;
    this.#entries.set(key, { value, weight });
    this.#total += weight;
    for (const [k, e] of this.#entries) {
      if (this.#total <= this.maxWeight) break;
      this.#entries.delete(k);
      this.#total -= e.weight;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#total = 0;
  }
}
