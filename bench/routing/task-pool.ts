/** A set of task ids that can also hand out a random member in constant time. */
export class TaskPool {
  readonly #ids: string[] = [];
  readonly #at = new Map<string, number>();

  get size(): number {
    return this.#ids.length;
  }

  add(id: string): void {
    if (this.#at.has(id)) return;
    this.#at.set(id, this.#ids.push(id) - 1);
  }

  remove(id: string): void {
    const at = this.#at.get(id);
    if (at === undefined) return;
    const last = this.#ids.pop() as string;
    this.#at.delete(id);
    if (last !== id) {
      this.#ids[at] = last;
      this.#at.set(last, at);
    }
  }

  pick(random: () => number): string | undefined {
    return this.#ids[Math.floor(random() * this.#ids.length)];
  }
}
