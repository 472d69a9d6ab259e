// The spawner's side of a started body: the continuation of the spawning
// function from the start instruction to a join, and — when the body may
// outlive that function — the continuations of its callers from the call,
// a few levels up. What those continuations call runs alongside too.
import type { PackageIr } from "../lower/ir.js";
import type { CallGraph, InstrRef } from "../semantic/call-graph.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { emptySignals, readSignals } from "./body-signals.js";
import { continuation, type Continuation } from "./continuation.js";
import { joinPoints } from "./join-points.js";
import { reachableFrom } from "./reach.js";
import type { SpawnSite } from "./context-types.js";
import type { Spawned } from "./spawn-contexts.js";
import { firstAtLeast } from "../sorted-search.js";

/** Callers above the spawner whose continuations still count. */
const MAX_LEVELS = 4;
/** Continuations per context: a function called from everywhere stops the climb. */
const MAX_CONTINUATIONS = 64;

export interface SpawnerSide {
  continuations: Continuation[];
  /** Functions called from the continuations (transitively): they run alongside the body. */
  called: ReadonlySet<number>;
  /**
   * The climb up the callers was cut while the body still ran: what follows
   * is unknown. A function with no callers in the package (main, an exported
   * entry) counts as called once, as RacerD assumes, so outliving it is no escape.
   */
  escapes: boolean;
}

export function spawnerSide(ir: PackageIr, semantic: SemanticModel, s: Spawned, succ: readonly (readonly number[])[]): SpawnerSide {
  const spawn = s.context.spawn;
  if (!spawn) return { continuations: [], called: new Set(), escapes: false };
  const signals = emptySignals();
  const spawner = ir.functions[spawn.fn];
  for (const root of s.context.roots) readSignals(ir, spawner, s.call, ir.functions[root], signals);
  const graph = semantic.callGraph;
  const continuations: Continuation[] = [];
  let escapes = false;
  let frontier: { fn: number; at: InstrRef; only: SpawnSite | null }[] = [{ fn: spawn.fn, at: spawn, only: s.context.via }];
  for (let level = 0; level <= MAX_LEVELS && frontier.length > 0; level++) {
    const next: typeof frontier = [];
    for (const { fn, at, only } of frontier) {
      const c = continuation(ir.functions[fn], at, joinPoints(ir, ir.functions[fn], signals, level === 0 ? s.group : null));
      continuations.push(c);
      if (!c.leaks) continue;
      const callers = only ? [only] : callSitesOf(graph, fn);
      if (callers.length === 0) continue;
      if (level === MAX_LEVELS || continuations.length + next.length >= MAX_CONTINUATIONS) escapes = true;
      else for (const site of callers) next.push({ fn: site.fn, at: site, only: null });
    }
    frontier = next;
  }
  // What the continuations call, only when asked (two contexts compared): listing every instruction of a continuation
  // for each of a thousand `go` statements in one function would cost a million.
  let called: ReadonlySet<number> | null = null;
  const calledNow = (): ReadonlySet<number> => {
    if (called) return called;
    const starts: number[] = [];
    for (const c of continuations) {
      const calls = callsByBlock(graph, c.fn);
      for (const r of c.ranges()) {
        const indexes = calls.get(r.block);
        if (!indexes) continue;
        for (let i = firstAtLeast(indexes, r.from); i < indexes.length && indexes[i] < r.to; i++) {
          starts.push(...graph.callees(c.fn, { block: r.block, index: indexes[i] }));
        }
      }
    }
    return (called = reachableFrom(starts, succ));
  };
  return {
    continuations,
    get called() {
      return calledNow();
    },
    escapes,
  };
}

/**
 * A function's call sites other than `go` (a `go` in a continuation starts a
 * context of its own, not a call), as sorted instruction indexes by block:
 * a continuation finds its calls by search, not by listing every instruction
 * after its start (a thousand `go` statements in one block made that quadratic).
 */
const callIndexes = new WeakMap<CallGraph, Map<number, Map<number, number[]>>>();

function callsByBlock(graph: CallGraph, fn: number): Map<number, number[]> {
  let byFn = callIndexes.get(graph);
  if (!byFn) callIndexes.set(graph, (byFn = new Map()));
  let byBlock = byFn.get(fn);
  if (byBlock) return byBlock;
  byBlock = new Map();
  for (const site of graph.sitesOf(fn)) {
    if (site.op === "go") continue;
    const list = byBlock.get(site.block);
    if (list) list.push(site.index);
    else byBlock.set(site.block, [site.index]);
  }
  for (const list of byBlock.values()) list.sort((a, b) => a - b);
  byFn.set(fn, byBlock);
  return byBlock;
}


function callSitesOf(graph: CallGraph, fn: number): (InstrRef & { fn: number })[] {
  return graph.callersOf(fn).filter((s) => s.op === "call" || s.op === "defer");
}
