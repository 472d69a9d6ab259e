// A subset-constraint graph over flow keys (see flow-keys.ts) whose facts
// are function values: `a -> b` says every func value kept at a may be kept
// at b. Listeners on a key hear of each value as it arrives, which is how a
// call of a func value learns its targets while the graph is still growing.
// Propagation is a worklist: each (key, value) pair is processed once.

/** A function value: IrFunction id and how it receives a receiver, packed into one number (see pack). */
export type FuncValue = number;

export type Shape = 0 | 1 | 2;
/** A plain function or closure. */
export const PLAIN: Shape = 0;
/** A method value `x.M`: the receiver is bound. */
export const BOUND: Shape = 1;
/** A method expression `(*T).M`: the receiver is the first argument. */
export const ARG0: Shape = 2;

export function pack(fn: number, shape: Shape): FuncValue {
  return fn * 3 + shape;
}

export function unpack(v: FuncValue): { fn: number; shape: Shape } {
  return { fn: Math.floor(v / 3), shape: (v % 3) as Shape };
}

export class FlowGraph {
  private readonly ids = new Map<string, number>();
  private readonly facts: Set<FuncValue>[] = [];
  private readonly succ: number[][] = [];
  private readonly edges = new Set<string>();
  private readonly listeners: ((v: FuncValue) => void)[][] = [];
  private readonly queue: [number, FuncValue][] = [];

  node(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.facts.length;
      this.ids.set(key, id);
      this.facts.push(new Set());
      this.succ.push([]);
      this.listeners.push([]);
    }
    return id;
  }

  add(key: string, v: FuncValue): void {
    this.addFact(this.node(key), v);
  }

  edge(from: string, to: string): void {
    if (from === to) return;
    const a = this.node(from);
    const b = this.node(to);
    const pair = `${a}>${b}`;
    if (this.edges.has(pair)) return;
    this.edges.add(pair);
    this.succ[a].push(b);
    for (const v of this.facts[a]) this.addFact(b, v);
  }

  listen(key: string, listener: (v: FuncValue) => void): void {
    const id = this.node(key);
    this.listeners[id].push(listener);
    for (const v of [...this.facts[id]]) listener(v);
  }

  /** Values at `key` so far (all of them once run() returned). */
  valuesAt(key: string): ReadonlySet<FuncValue> {
    const id = this.ids.get(key);
    return id === undefined ? new Set() : this.facts[id];
  }

  run(): void {
    // A queue drained from the front by index: no shifting, no recursion.
    for (let i = 0; i < this.queue.length; i++) {
      const [id, v] = this.queue[i];
      for (const s of this.succ[id]) this.addFact(s, v);
      for (const l of this.listeners[id]) l(v);
    }
    this.queue.length = 0;
  }

  private addFact(id: number, v: FuncValue): void {
    const set = this.facts[id];
    if (set.has(v)) return;
    set.add(v);
    this.queue.push([id, v]);
  }
}
