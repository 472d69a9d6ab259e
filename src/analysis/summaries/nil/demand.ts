// Which functions' nil summaries the nil rules can use. A finding comes
// from a function that writes a map (its own nil write) or that calls, one
// call or more away, a function that does (the callee requires a map its
// caller may leave nil). Such a function reads its callees' summaries, and
// they read theirs. Every other function's summary would be computed for
// nobody: on the bench's standard-library files that was 45% of the
// summaries (most of them cheap: bodies relevance did not lower).
import type { IrFunction } from "../../lower/ir.js";
import { type SummaryPackage, summaryReads } from "../settle-component.js";
import { LIBRARY_WRITES } from "./requirements.js";

/** The writers, everything that reaches them through calls, and everything those call. */
export function nilSummaryDemand(pkg: SummaryPackage): Set<number> {
  const reads: number[][] = [];
  const readers: number[][] = pkg.ir.functions.map(() => []);
  for (const fn of pkg.ir.functions) {
    const callees = summaryReads(pkg, fn.id);
    reads[fn.id] = callees;
    for (const c of callees) readers[c]?.push(fn.id);
  }
  const writers = pkg.ir.functions.filter(writesSomething).map((f) => f.id);
  const up = reachable(writers, readers);
  return reachable([...up], reads);
}

/** Liberal on purpose: any written index expression, map or not, and any call that may be a library map write. */
function writesSomething(fn: IrFunction): boolean {
  return fn.blocks.some((b) =>
    b.instrs.some(
      (x) => (x.op === "access" && x.kind === "write") || (x.op === "call" && x.call.callee.kind === "method" && LIBRARY_WRITES.has(x.call.callee.name)),
    ),
  );
}

/** `from` and everything reached from it along `edges` (an explicit stack: call chains are as deep as the input). */
function reachable(from: readonly number[], edges: readonly (readonly number[] | undefined)[]): Set<number> {
  const seen = new Set(from);
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    for (const next of edges[id] ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return seen;
}
