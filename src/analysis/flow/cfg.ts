// The control-flow graph of one IrFunction, read off its terminators once and
// shared by every analysis of that function. Everything here is iterative:
// a generated function may have 100,000 blocks, and a recursive walk of a
// chain that long would overflow the stack.
import type { Block, IrFunction } from "../lower/ir.js";

/** Which way an edge leaves its block: `then`/`else` of a branch, a switch `case`, or a plain `jump`. */
export type EdgeKind = "jump" | "then" | "else" | "case";

export interface Edge {
  from: number;
  to: number;
  kind: EdgeKind;
}

export interface Cfg {
  fn: IrFunction;
  /** Outgoing edges per block, in terminator order. A branch whose arms meet has two edges to one block. */
  out: readonly (readonly Edge[])[];
  /** Incoming edges per block. */
  in: readonly (readonly Edge[])[];
  /** Distinct successors and predecessors per block. */
  succs: readonly (readonly number[])[];
  preds: readonly (readonly number[])[];
  /** Blocks reachable from the entry, in reverse post-order. */
  rpo: Int32Array;
  /** Position of each block in `rpo`; -1 for a block the entry does not reach. */
  order: Int32Array;
  /** Reachable blocks that leave the function: `return` and `panic` terminators. */
  exits: readonly number[];
}

// Every analysis of a function asks for its graph; build it once.
const cache = new WeakMap<IrFunction, Cfg>();

export function cfgOf(fn: IrFunction): Cfg {
  let cfg = cache.get(fn);
  if (!cfg) {
    cfg = buildCfg(fn);
    cache.set(fn, cfg);
  }
  return cfg;
}

/** Edges a block's terminator makes, in order. Targets outside the function are dropped: malformed IR must not crash an analysis. */
export function edgesOf(block: Block, blockCount: number): Edge[] {
  const t = block.term;
  const edges: Edge[] = [];
  if (t.kind === "jump") addEdge(edges, block.id, t.to, "jump", blockCount);
  else if (t.kind === "branch") {
    addEdge(edges, block.id, t.then, "then", blockCount);
    addEdge(edges, block.id, t.else, "else", blockCount);
  } else if (t.kind === "switch") for (const to of t.to) addEdge(edges, block.id, to, "case", blockCount);
  return edges;
}

function addEdge(edges: Edge[], from: number, to: number, kind: EdgeKind, blockCount: number): void {
  if (to >= 0 && to < blockCount && (to | 0) === to) edges.push({ from, to, kind });
}

function buildCfg(fn: IrFunction): Cfg {
  const n = fn.blocks.length;
  const out: Edge[][] = [];
  const incoming: Edge[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = [];
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let b = 0; b < n; b++) {
    const edges = edgesOf(fn.blocks[b], n);
    out.push(edges);
    const distinct: number[] = [];
    for (const e of edges) {
      incoming[e.to].push(e);
      if (!distinct.includes(e.to)) {
        distinct.push(e.to);
        preds[e.to].push(b);
      }
    }
    succs.push(distinct);
  }
  const rpo = reversePostOrder(n, n > 0 ? [0] : [], succs);
  const order = positions(n, rpo);
  const exits: number[] = [];
  for (const b of rpo) {
    const kind = fn.blocks[b].term.kind;
    if (kind === "return" || kind === "panic") exits.push(b);
  }
  return { fn, out, in: incoming, succs, preds, rpo, order, exits };
}

/**
 * Reverse post-order of the nodes reachable from `roots` along `next`, by an
 * explicit-stack depth-first search. Used forwards (from the entry along
 * successors) and backwards (from the exits along predecessors).
 */
export function reversePostOrder(n: number, roots: readonly number[], next: readonly (readonly number[])[], allowed?: (node: number) => boolean): Int32Array {
  const seen = new Uint8Array(n);
  const post = new Int32Array(n);
  let count = 0;
  const stack = new Int32Array(n);
  const cursor = new Int32Array(n);
  for (const root of roots) {
    if (seen[root] || (allowed && !allowed(root))) continue;
    let top = 0;
    stack[0] = root;
    cursor[0] = 0;
    seen[root] = 1;
    while (top >= 0) {
      const node = stack[top];
      const list = next[node];
      if (cursor[top] < list.length) {
        const child = list[cursor[top]++];
        if (!seen[child] && (!allowed || allowed(child))) {
          seen[child] = 1;
          stack[++top] = child;
          cursor[top] = 0;
        }
      } else {
        post[count++] = node;
        top--;
      }
    }
  }
  const rpo = new Int32Array(count);
  for (let i = 0; i < count; i++) rpo[i] = post[count - 1 - i];
  return rpo;
}

/** Index of each node in `sequence`, -1 for nodes not in it. */
export function positions(n: number, sequence: Int32Array): Int32Array {
  const order = new Int32Array(n).fill(-1);
  for (let i = 0; i < sequence.length; i++) order[sequence[i]] = i;
  return order;
}

export function isReachable(cfg: Cfg, block: number): boolean {
  return block >= 0 && block < cfg.order.length && cfg.order[block] >= 0;
}
