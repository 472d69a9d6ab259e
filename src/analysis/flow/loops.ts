// Loops: back edges and the blocks that lie on a cycle. "Runs more than
// once" is what the concurrency rules ask (a goroutine started in a loop runs
// concurrently with itself; a lock taken in a loop), and a `goto` can make a
// cycle no loop statement shows, so cycles are found on the graph itself.
import type { Cfg, Edge } from "./cfg.js";

/**
 * Retreating edges of the depth-first search behind `cfg.rpo`: edges whose
 * target does not come after their source. In a graph built from structured
 * loops these are exactly the loops' back edges, and their targets are the
 * loop heads.
 */
export function backEdges(cfg: Cfg): Edge[] {
  const found: Edge[] = [];
  for (const b of cfg.rpo) {
    for (const e of cfg.out[b]) if (cfg.order[e.to] <= cfg.order[b]) found.push(e);
  }
  return found;
}

/**
 * Per block, 1 when it lies on a cycle of reachable blocks (a strongly
 * connected component with more than one block, or a block that jumps to
 * itself), else 0. Tarjan's algorithm with an explicit stack.
 */
export function cyclicBlocks(cfg: Cfg): Uint8Array {
  const n = cfg.fn.blocks.length;
  const onCycle = new Uint8Array(n);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const sccStack: number[] = [];
  const callStack: number[] = [];
  const cursor: number[] = [];
  let clock = 0;
  const enter = (b: number): void => {
    index[b] = low[b] = clock++;
    sccStack.push(b);
    onStack[b] = 1;
    callStack.push(b);
    cursor.push(0);
  };
  for (const root of cfg.rpo) {
    if (index[root] >= 0) continue;
    enter(root);
    while (callStack.length > 0) {
      const top = callStack.length - 1;
      const b = callStack[top];
      const succs = cfg.succs[b];
      if (cursor[top] < succs.length) {
        const s = succs[cursor[top]++];
        if (s === b) onCycle[b] = 1;
        if (index[s] < 0) enter(s);
        else if (onStack[s]) low[b] = Math.min(low[b], index[s]);
        continue;
      }
      callStack.pop();
      cursor.pop();
      if (callStack.length > 0) {
        const parent = callStack[callStack.length - 1];
        low[parent] = Math.min(low[parent], low[b]);
      }
      if (low[b] !== index[b]) continue;
      // b is the root of a component: pop it, and mark it when it is a cycle.
      const members: number[] = [];
      let w: number;
      do {
        w = sccStack.pop() as number;
        onStack[w] = 0;
        members.push(w);
      } while (w !== b);
      if (members.length > 1) for (const m of members) onCycle[m] = 1;
    }
  }
  return onCycle;
}
