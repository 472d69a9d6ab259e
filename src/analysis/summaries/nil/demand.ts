// Which functions' nil summaries the nil rules can use. A finding comes
// from a function that writes a map (its own nil write) or that calls a
// function requiring something of its callers (a map it writes without
// making it): a violation when the caller leaves that map nil, passed on to
// the caller's own callers when the map hangs off its parameters too. So
// the writers are summarised, then the callers of every function whose
// summary requires something, up as far as requirements are passed on; and
// each of those reads its callees' summaries, and they read theirs. A caller
// that makes what its callee requires passes nothing on, and its callers
// need no summary. On the bench's standard-library files this summarises
// 9,358 functions of the 32,591 there are (writers and every caller up the
// call graph, with all they call: 14,897).
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
import { LIBRARY_WRITES, libraryReceiver } from "./requirements.js";
import { toSummaryPath } from "./summary-paths.js";

/**
 * Summarises, through `ensure`, what the nil rules can use: every writer,
 * then every caller of a function that requires something of its callers,
 * and so on up while the requirement is passed on. `ensure(id)` summarises
 * id and the components it reads (callees first) and returns the functions
 * it newly summarised; `requires(id)` says whether id's finished summary
 * requires anything of its callers.
 */
export function summariseNilDemand(pkg: SummaryPackage, ensure: (fnId: number) => readonly number[], requires: (fnId: number) => boolean): void {
  const readers: number[][] = pkg.ir.functions.map(() => []);
  for (const fn of pkg.ir.functions) for (const c of summaryReads(pkg, fn.id)) readers[c]?.push(fn.id);
  const summarised: number[] = [];
  const add = (ids: readonly number[]): void => {
    for (const id of ids) summarised.push(id);
  };
  for (const w of nilWriters(pkg)) add(ensure(w));
  // Each function is summarised once, so it is looked at once; its callers are looked at in turn when they are.
  for (let i = 0; i < summarised.length; i++) {
    const id = summarised[i];
    if (requires(id)) for (const r of readers[id] ?? []) add(ensure(r));
  }
}

/** The functions whose own writes the nil summaries judge (writesMaps). */
export function nilWriters(pkg: SummaryPackage): number[] {
  const captured = capturedVars(pkg.ir);
  return pkg.ir.functions.filter((fn) => writesMaps(pkg, fn, captured.get(fn.id))).map((f) => f.id);
}

/**
 * A write the nil summaries judge, as requirements.ts's directWrites takes
 * them: a map-typed index expression other than one on a local every
 * assignment makes (see the top of the file), or a `Set`/`Add` of an
 * http.Header or url.Values the function can name to its callers (not a
 * WaitGroup's `Add`).
 */
function writesMaps(pkg: SummaryPackage, fn: IrFunction, captured: ReadonlySet<number> | undefined): boolean {
  let locals: Set<number> | undefined;
  for (const b of fn.blocks) {
    for (const x of b.instrs) {
      if (x.op === "call" && x.call.callee.kind === "method" && LIBRARY_WRITES.has(x.call.callee.name) && !x.call.callee.recv.truncated) {
        const recv = libraryReceiver(pkg.semantic, fn, x.call.callee.recv, x.call.callee.name);
        if (recv && toSummaryPath(fn, recv)) return true;
      }
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
