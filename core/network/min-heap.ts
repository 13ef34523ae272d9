/** A binary min-heap of integer items keyed by numbers (for Dijkstra). Stale entries are the caller's to skip. */
export class MinHeap {
  private readonly items: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: number, key: number): void {
    const items = this.items,
      keys = this.keys;
    let i = items.length;
    items.push(item);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      items[i] = items[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    items[i] = item;
    keys[i] = key;
  }

  /** Removes the smallest item; returns it and its key through `out`. Returns false when empty. */
  pop(out: { item: number; key: number }): boolean {
    const items = this.items,
      keys = this.keys;
    if (items.length === 0) return false;
    out.item = items[0]!;
    out.key = keys[0]!;
    const lastItem = items.pop()!;
    const lastKey = keys.pop()!;
    const n = items.length;
    if (n === 0) return true;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i,
        mk = lastKey;
      if (l < n && keys[l]! < mk) {
        m = l;
        mk = keys[l]!;
      }
      if (r < n && keys[r]! < mk) m = r;
      if (m === i) break;
      items[i] = items[m]!;
      keys[i] = keys[m]!;
      i = m;
    }
    items[i] = lastItem;
    keys[i] = lastKey;
    return true;
  }
}
