// Which functions' nil summaries the nil rules can use. A finding comes
// from a function that writes a map (its own nil write) or that calls, one
// call or more away, a function that does (the callee requires a map its
// caller may leave nil). Such a function reads its callees' summaries, and
// they read theirs. Every other function's summary would be computed for
// nobody: on the bench's standard-library files that was 45% of the
// summaries (most of them cheap: bodies relevance did not lower).
//
// A write to a local map that every assignment in the function makes
// (`m := make(...)` or a literal, never a call's result, a parameter, nil
// or its zero value; its address never taken, no closure or method that
// could reassign it) can be neither a nil write nor a requirement on a
// caller, so it does not make its function a writer: the callers that only
// reach such writers need no summaries either.
import type { Instr, IrFunction, PackageIr, Path, Value } from "../../lower/ir.js";
import { forEachTargetAndValue, forEachValuePart } from "../../lower/instr-flows.js";
import { type SummaryPackage, summaryReads } from "../settle-component.js";
import { LIBRARY_WRITES } from "./requirements.js";

/** The writers, everything that reaches them through calls, and everything those call. */
export function nilSummaryDemand(pkg: SummaryPackage): Set<number> {
  const reads: (readonly number[])[] = [];
  const readers: number[][] = pkg.ir.functions.map(() => []);
  for (const fn of pkg.ir.functions) {
    const callees = summaryReads(pkg, fn.id);
    reads[fn.id] = callees;
    for (const c of callees) readers[c]?.push(fn.id);
  }
  const captured = capturedVars(pkg.ir);
  const writers = pkg.ir.functions.filter((fn) => writesMaps(pkg, fn, captured.get(fn.id))).map((f) => f.id);
  const up = reachable(writers, readers);
  return reachable([...up], reads);
}

/**
 * A write the nil summaries judge (a map-typed index expression, as
 * requirements.ts's directWrites takes them) other than one on a local every
 * assignment makes (see the top of the file), or any call that may be a
 * library map write.
 */
function writesMaps(pkg: SummaryPackage, fn: IrFunction, captured: ReadonlySet<number> | undefined): boolean {
  let locals: Set<number> | undefined;
  for (const b of fn.blocks) {
    for (const x of b.instrs) {
      if (x.op === "call" && x.call.callee.kind === "method" && LIBRARY_WRITES.has(x.call.callee.name)) return true;
      if (x.op !== "access" || x.kind !== "write" || x.path.truncated) continue;
      if (!pkg.semantic.isMapType(pkg.semantic.typeOf(fn, x.path))) continue;
      const v = x.path.selectors.length === 0 && x.path.root.kind === "var" ? x.path.root.var : -1;
      const kind = fn.vars[v]?.kind;
      if (kind !== "local" && kind !== "temp") return true;
      locals ??= alwaysMadeLocals(fn, captured);
      if (!locals.has(v)) return true;
    }
  }
  return false;
}

/** Locals (and temps) of `fn` that only ever hold a map it made: every assignment a `make` or a literal; no address taken, no method called on them, no closure capturing them. */
function alwaysMadeLocals(fn: IrFunction, captured: ReadonlySet<number> | undefined): Set<number> {
  const made = new Set<number>();
  const spoilt = new Set<number>();
  for (const v of fn.vars) if ((v.kind !== "local" && v.kind !== "temp") || captured?.has(v.id)) spoilt.add(v.id);
  const target = (fresh: boolean) => (t: Path | null): void => {
    if (t?.root.kind !== "var" || t.selectors.length > 0) return;
    (fresh ? made : spoilt).add(t.root.var);
  };
  const value = (val: Value): void =>
    forEachValuePart(val, (part) => {
      if (part.kind === "addr" && part.path.root.kind === "var") spoilt.add(part.path.root.var);
    });
  for (const b of fn.blocks) {
    for (const x of b.instrs) {
      forEachTargetAndValue(x, target(isFreshAssignment(x)), value);
      const call = x.op === "call" || x.op === "go" || x.op === "defer" ? x.call : null;
      if (call?.callee.kind === "method" && call.callee.recv.root.kind === "var") spoilt.add(call.callee.recv.root.var);
    }
  }
  for (const v of spoilt) made.delete(v);
  return made;
}

function isFreshAssignment(x: Instr): boolean {
  return x.op === "assign" && x.targets.length === 1 && (x.value.kind === "make" || (x.value.kind === "literal" && !x.value.pointer));
}

/** For each function, its variables a closure captures (a nested closure captures through the one around it): a closure may assign them. */
function capturedVars(ir: PackageIr): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const fn of ir.functions) {
    for (const v of fn.vars) {
      if (v.kind !== "captured" || !v.outer) continue;
      const set = out.get(v.outer.fn);
      if (set) set.add(v.outer.var);
      else out.set(v.outer.fn, new Set([v.outer.var]));
    }
  }
  return out;
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
