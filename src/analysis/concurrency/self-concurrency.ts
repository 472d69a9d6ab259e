// Which contexts run concurrently with themselves: handlers and concurrent
// methods always; a body started in a loop (its start instruction on a CFG
// cycle), or by a function called in a loop (a few callers up) when the body
// may outlive that function's call other than by failing; and any body
// started from code a self-concurrent context runs — propagated over the
// contexts with a worklist, each function visited once.
import type { PackageIr } from "../lower/ir.js";
import { cfgOf } from "../flow/cfg.js";
import { cyclicBlocks } from "../flow/loops.js";
import type { CallGraph, InstrRef } from "../semantic/call-graph.js";
import type { ExecutionContext } from "./context-types.js";
import { describeContext, fnName, placeOf } from "./describe.js";

/** How many callers up a loop around a spawner's call still counts. */
const MAX_CALLER_DEPTH = 3;

export function markSelfConcurrent(
  ir: PackageIr,
  graph: CallGraph,
  contexts: readonly ExecutionContext[],
  reachable: (id: number) => ReadonlySet<number>,
  outlivesSpawner: (id: number) => boolean,
): void {
  const cycles = new Map<number, Uint8Array>();
  const inLoop = (fn: number, ref: InstrRef): boolean => {
    let c = cycles.get(fn);
    if (!c) {
      c = cyclicBlocks(cfgOf(ir.functions[fn]));
      cycles.set(fn, c);
    }
    return c[ref.block] === 1;
  };
  const startedIn = new Map<number, ExecutionContext[]>();
  const worklist: ExecutionContext[] = [];
  const mark = (c: ExecutionContext, why: string): void => {
    if (c.selfConcurrent) return;
    c.selfConcurrent = true;
    c.why += `; ${why}`;
    worklist.push(c);
  };
  for (const c of contexts) {
    for (const s of [c.spawn, c.via]) {
      if (!s || c.kind === "handler") continue;
      const list = startedIn.get(s.fn);
      if (list) list.push(c);
      else startedIn.set(s.fn, [c]);
    }
  }
  for (const c of contexts) {
    if (c.kind === "handler") mark(c, "every request runs in its own goroutine");
    else if (c.kind === "concurrent-methods") mark(c, "its methods take its mutex, so they are called concurrently");
    else if (c.spawn && inLoop(c.spawn.fn, c.spawn)) mark(c, `started in a loop at ${placeOf(ir, c.spawn.fn, c.spawn.span)}`);
    else if (c.via && inLoop(c.via.fn, c.via)) mark(c, `handed over in a loop at ${placeOf(ir, c.via.fn, c.via.span)}`);
    else {
      const loop = callerLoop(graph, c.via?.fn ?? c.spawn?.fn ?? -1, inLoop);
      // Copies started by calls of the spawner one after another overlap only when a body outlives its call (etcd's
      // runEtcd receives its goroutine's result before returning, but on a timeout that returns an error).
      if (loop && (c.via !== null || outlivesSpawner(c.id))) mark(c, `${fnName(ir, loop.callee)} is called in a loop at ${placeOf(ir, loop.fn, loop.span)}`);
    }
  }
  const visited = new Set<number>();
  for (let i = 0; i < worklist.length; i++) {
    const from = worklist[i];
    for (const fn of reachable(from.id)) {
      if (visited.has(fn)) continue;
      visited.add(fn);
      for (const c of startedIn.get(fn) ?? []) if (c !== from) mark(c, `started from ${fnName(ir, fn)}, which ${describeContext(ir, from)} runs`);
    }
  }
}

/** A call site in a loop on some chain of calls (at most MAX_CALLER_DEPTH long) into `fn`. */
function callerLoop(graph: CallGraph, fn: number, inLoop: (fn: number, ref: InstrRef) => boolean): { fn: number; callee: number; span: { line: number; column: number; endLine: number; endColumn: number } } | null {
  let frontier = fn >= 0 ? [fn] : [];
  const seen = new Set(frontier);
  for (let depth = 0; depth < MAX_CALLER_DEPTH && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const callee of frontier) {
      for (const site of graph.callersOf(callee)) {
        if (site.op !== "call") continue;
        if (inLoop(site.fn, site)) return { fn: site.fn, callee, span: site.span };
        if (!seen.has(site.fn)) {
          seen.add(site.fn);
          next.push(site.fn);
        }
      }
    }
    frontier = next;
  }
  return null;
}
