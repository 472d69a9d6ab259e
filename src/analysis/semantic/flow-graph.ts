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

const NONE: ReadonlySet<FuncValue> = new Set();

/** Edges are packed into one number, `from * EDGE_BASE + to`: ids stay far below it. */
const EDGE_BASE = 2 ** 26;

export class FlowGraph {
  private readonly ids = new Map<string, number>();
  // Most keys never hold a value nor have a successor or listener: their sets and lists are made on first use.
  private readonly facts: (Set<FuncValue> | undefined)[] = [];
  private readonly succ: (number[] | undefined)[] = [];
  private readonly edges = new Set<number>();
  private readonly listeners: (((v: FuncValue) => void)[] | undefined)[] = [];
  private readonly queue: number[] = [];

  node(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.facts.length;
      this.ids.set(key, id);
      this.facts.push(undefined);
      this.succ.push(undefined);
      this.listeners.push(undefined);
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
    const pair = a * EDGE_BASE + b;
    if (this.edges.has(pair)) return;
    this.edges.add(pair);
    (this.succ[a] ??= []).push(b);
    const facts = this.facts[a];
    if (facts) for (const v of facts) this.addFact(b, v);
  }

  listen(key: string, listener: (v: FuncValue) => void): void {
    const id = this.node(key);
    (this.listeners[id] ??= []).push(listener);
    const facts = this.facts[id];
    if (facts) for (const v of [...facts]) listener(v);
  }

  /** Values at `key` so far (all of them once run() returned). */
  valuesAt(key: string): ReadonlySet<FuncValue> {
    const id = this.ids.get(key);
    return (id === undefined ? undefined : this.facts[id]) ?? NONE;
  }

  run(): void {
    // A queue of (id, value) pairs, drained from the front by index: no shifting, no recursion.
    for (let i = 0; i < this.queue.length; i += 2) {
      const id = this.queue[i];
      const v = this.queue[i + 1];
      const succ = this.succ[id];
      if (succ) for (const s of succ) this.addFact(s, v);
      const listeners = this.listeners[id];
      if (listeners) for (const l of listeners) l(v);
    }
    this.queue.length = 0;
  }

  private addFact(id: number, v: FuncValue): void {
    let set = this.facts[id];
    if (!set) set = this.facts[id] = new Set();
    if (set.has(v)) return;
    set.add(v);
    this.queue.push(id, v);
  }
}
