// The solver's worklist: blocks by their position in the iteration order,
// smallest first, each at most once. Taking blocks in reverse post-order means
// a block is usually visited after all its forward predecessors, so an acyclic
// function converges in one pass and a loop in a few.

export class Worklist {
  private readonly heap: number[] = [];
  private readonly queued: Uint8Array;

  constructor(size: number) {
    this.queued = new Uint8Array(size);
  }

  get size(): number {
    return this.heap.length;
  }

  push(position: number): void {
    if (this.queued[position]) return;
    this.queued[position] = 1;
    const heap = this.heap;
    let i = heap.length;
    heap.push(position);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= position) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = position;
  }

  /** The smallest queued position; the worklist must not be empty. */
  pop(): number {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && heap[right] < heap[left] ? right : left;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    this.queued[top] = 0;
    return top;
  }
}
