// What a context runs: its roots and everything they call or defer,
// transitively, plus callbacks handed to code that calls them in the same
// goroutine (sort.Slice, once.Do). A `go` inside starts another context and
// is not followed. Breadth-first with a budget: a context in a huge package
// stops growing rather than stalls the run.
import type { CallGraph } from "../semantic/call-graph.js";
import { startsConcurrently } from "./handler-registrations.js";

/** Functions one context may visit; past this the set is cut (and answers stay "may"). */
export const MAX_REACHABLE = 20_000;

/** Successor lists of the synchronous call graph, built once per package. */
export function synchronousCallees(graph: CallGraph): number[][] {
  const succ: Set<number>[] = Array.from({ length: graph.functionCount }, () => new Set());
  for (const s of graph.sites) {
    if (s.op === "go") continue;
    for (const t of s.targets) if (t.fn < graph.functionCount) succ[s.fn]?.add(t.fn);
  }
  for (const e of graph.callbackEscapes) {
    if (startsConcurrently(e.callee)) continue;
    for (const t of e.targets) if (t < graph.functionCount) succ[e.fn]?.add(t);
  }
  return succ.map((set) => [...set]);
}

export function reachableFrom(roots: readonly number[], succ: readonly (readonly number[])[]): Set<number> {
  const seen = new Set<number>();
  const queue: number[] = [];
  for (const r of roots) {
    if (r >= 0 && r < succ.length && !seen.has(r)) {
      seen.add(r);
      queue.push(r);
    }
  }
  for (let i = 0; i < queue.length && seen.size < MAX_REACHABLE; i++) {
    for (const next of succ[queue[i]]) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}
