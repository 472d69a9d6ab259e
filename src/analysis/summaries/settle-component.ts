// The fixpoint inside one cycle of calls, shared by the access and the nil
// summaries. A worklist: a member is recomputed when a summary it reads has
// changed, not once per round for every member. Members start callees
// first (the reverse of the order the search found them in), so one pass
// already carries most of what a callee says up to its callers. The budget
// is `maxRounds` recomputations per member; past it the cycle is left
// unsettled and each member keeps what its last recomputation said.
import type { IrFunction, PackageIr } from "../lower/ir.js";
import type { CallGraph } from "../semantic/call-graph.js";
import type { SemanticModel } from "../semantic/semantic-model.js";

export interface SummaryPackage {
  ir: PackageIr;
  semantic: SemanticModel;
}

/**
 * A cycle of more than this many functions gets a shorter settle. Only the
 * type checkers' mutually recursive walks are that large in the standard
 * library (342 functions in types2, 352 in go/types); they do not settle
 * within the usual budget anyway (an access moves one call around the cycle
 * at a time: types2's walk settles after about 12 recomputations of each
 * member), and recomputing them cost more than any other cycle.
 */
export const LARGE_COMPONENT = 100;

const readsByGraph = new WeakMap<CallGraph, (readonly number[] | undefined)[]>();

/** The functions whose summaries a function's summary reads: its callees, and the literals it hands to them. Read once per function: the demand, the access summaries and every settle ask. */
export function summaryReads(pkg: SummaryPackage, fnId: number): readonly number[] {
  let known = readsByGraph.get(pkg.semantic.callGraph);
  if (!known) readsByGraph.set(pkg.semantic.callGraph, (known = []));
  const cached = known[fnId];
  if (cached) return cached;
  const out: number[] = [];
  for (const site of pkg.semantic.callGraph.sitesOf(fnId)) for (const t of site.targets) out.push(t.fn);
  for (const b of pkg.ir.functions[fnId]?.blocks ?? [])
    for (const x of b.instrs) if (x.op === "call") for (const a of x.call.args) if (a.kind === "closure") out.push(a.fn);
  known[fnId] = out;
  return out;
}

/**
 * The components not yet built that the summary of `fnId` needs: its own and
 * those it reads, transitively, before its own in build order; ascending, so
 * callees come first. A component after the reader's is not read (as in a
 * build in order), so it is not asked for.
 */
export function componentsToBuild(pkg: SummaryPackage, fnId: number, components: readonly (readonly number[])[], componentOf: Int32Array, built: Uint8Array): number[] {
  const wanted: number[] = [];
  const queued = new Set<number>();
  const stack = [fnId];
  while (stack.length > 0) {
    const c = componentOf[stack.pop() as number];
    if (c < 0 || built[c] || queued.has(c)) continue;
    queued.add(c);
    wanted.push(c);
    for (const id of components[c]) for (const dep of summaryReads(pkg, id)) if (componentOf[dep] <= c) stack.push(dep);
  }
  return wanted.sort((a, b) => a - b);
}

/**
 * Recomputes the members of one component until none changes. `recompute`
 * stores the member's new summary and says whether it differs from the one
 * before. Returns whether the component settled within the budget.
 */
export function settleComponent(pkg: SummaryPackage, members: readonly IrFunction[], recompute: (fn: IrFunction) => boolean, maxRounds: number): boolean {
  const byId = new Map(members.map((f) => [f.id, f]));
  // Who reads whom, inside the component only: a change outside it is already final.
  const readers = new Map<number, number[]>();
  for (const f of members)
    for (const dep of new Set(summaryReads(pkg, f.id))) {
      if (!byId.has(dep)) continue;
      const list = readers.get(dep);
      if (list) list.push(f.id);
      else readers.set(dep, [f.id]);
    }
  const queue = members.map((f) => f.id).reverse();
  const queued = new Set(queue);
  let budget = maxRounds * members.length;
  for (let head = 0; head < queue.length; head++) {
    if (budget-- === 0) return false;
    const id = queue[head];
    queued.delete(id);
    if (!recompute(byId.get(id) as IrFunction)) continue;
    for (const r of readers.get(id) ?? []) {
      if (queued.has(r)) continue;
      queued.add(r);
      queue.push(r);
    }
  }
  return true;
}
