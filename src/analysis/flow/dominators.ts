// Dominators and post-dominators by the iterative algorithm of Cooper, Harvey
// and Kennedy ("A Simple, Fast Dominance Algorithm"), with the dominator tree
// numbered so that "does a dominate b" is two comparisons, not a walk up a
// tree that can be 100,000 blocks tall.
import { type Cfg, positions, reversePostOrder } from "./cfg.js";

export interface DomTree {
  /** Immediate dominator per node; the root's is itself; -1 for nodes not in the graph. */
  idom: Int32Array;
  /** Pre- and post-order numbers in the tree, for O(1) dominance queries. */
  pre: Int32Array;
  post: Int32Array;
}

/** Dominators of the blocks the entry reaches. */
export function dominators(cfg: Cfg): DomTree {
  const n = cfg.fn.blocks.length;
  return treeOf(immediateDominators(n, cfg.rpo, cfg.order, cfg.preds), n);
}

/**
 * Post-dominators of the blocks the entry reaches and that reach an exit
 * (`return` or `panic`). The exits share a virtual root, numbered
 * `blocks.length`: a block no real block post-dominates has that number as
 * its immediate post-dominator. Blocks that reach no exit (an endless loop)
 * have -1.
 */
export function postDominators(cfg: Cfg): DomTree {
  const n = cfg.fn.blocks.length;
  const root = n;
  // The reverse graph with the virtual root: its successors are the exits,
  // each block's successors are its predecessors.
  const next: (readonly number[])[] = [...cfg.preds, cfg.exits];
  const before: number[][] = [...cfg.succs.map((s) => [...s]), []];
  for (const e of cfg.exits) before[e].push(root);
  const reachable = (b: number): boolean => b === root || cfg.order[b] >= 0;
  const rpo = reversePostOrder(n + 1, [root], next, reachable);
  const order = positions(n + 1, rpo);
  return treeOf(immediateDominators(n + 1, rpo, order, before), n + 1);
}

/** Whether `a` dominates `b` (every node dominates itself); false when either is outside the tree. */
export function dominates(tree: DomTree, a: number, b: number): boolean {
  if (tree.idom[a] < 0 || tree.idom[b] < 0) return false;
  return tree.pre[a] <= tree.pre[b] && tree.post[b] <= tree.post[a];
}

function immediateDominators(n: number, rpo: Int32Array, order: Int32Array, preds: readonly (readonly number[])[]): Int32Array {
  const idom = new Int32Array(n).fill(-1);
  if (rpo.length === 0) return idom;
  idom[rpo[0]] = rpo[0];
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 1; i < rpo.length; i++) {
      const b = rpo[i];
      let candidate = -1;
      for (const p of preds[b]) {
        if (order[p] < 0 || idom[p] < 0) continue;
        candidate = candidate < 0 ? p : intersect(idom, order, p, candidate);
      }
      if (candidate >= 0 && idom[b] !== candidate) {
        idom[b] = candidate;
        changed = true;
      }
    }
  }
  return idom;
}

function intersect(idom: Int32Array, order: Int32Array, a: number, b: number): number {
  while (a !== b) {
    while (order[a] > order[b]) a = idom[a];
    while (order[b] > order[a]) b = idom[b];
  }
  return a;
}

/** Numbers the tree by an explicit-stack walk over each node's children. */
function treeOf(idom: Int32Array, n: number): DomTree {
  const children: number[][] = Array.from({ length: n }, () => []);
  let root = -1;
  for (let b = 0; b < n; b++) {
    if (idom[b] < 0) continue;
    if (idom[b] === b) root = b;
    else children[idom[b]].push(b);
  }
  const pre = new Int32Array(n).fill(-1);
  const post = new Int32Array(n).fill(-1);
  if (root < 0) return { idom, pre, post };
  let clock = 0;
  const stack: number[] = [root];
  const cursor: number[] = [0];
  pre[root] = clock++;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    if (cursor[top] < children[node].length) {
      const child = children[node][cursor[top]++];
      pre[child] = clock++;
      stack.push(child);
      cursor.push(0);
    } else {
      post[node] = clock++;
      stack.pop();
      cursor.pop();
    }
  }
  return { idom, pre, post };
}
