/** A binary min-heap of items by due time; items due at the same time come out in push order. */
interface Entry<T> {
  readonly at: number;
  readonly seq: number;
  readonly item: T;
}

const before = <T>(a: Entry<T>, b: Entry<T>) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class TimeQueue<T> {
  readonly #heap: Entry<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, item: T): void {
    const heap = this.#heap;
    const entry = { at, seq: this.#seq++, item };
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Entry<T>;
      if (!before(entry, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = entry;
  }

  /** The earliest entry, left in place; undefined when empty. */
  peek(): { readonly at: number; readonly item: T } | undefined {
    return this.#heap[0];
  }

  /** The earliest entry, removed; undefined when empty. */
  pop(): { readonly at: number; readonly item: T } | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && before(heap[right] as Entry<T>, heap[left] as Entry<T>)
          ? right
          : left;
      const below = heap[child] as Entry<T>;
      if (!before(below, last)) break;
      heap[i] = below;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
