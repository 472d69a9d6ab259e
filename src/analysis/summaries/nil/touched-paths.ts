// What a function may change on what its caller can see: the receiver,
// parameter and package paths it assigns (and everything under them),
// directly or through its callees. Flow nilness, without this, makes every
// call forget whatever the arguments reach; with it, `s.init(); initAnnos(s)`
// keeps what init made, since initAnnos touches only s.annos.
import type { Call, Instr, IrFunction, Path, TypeRef } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import type { FunctionNilSummary, Touched, TouchedPath } from "./nil-summary-types.js";
import { describeRoot, substitute, toSummaryPath } from "./summary-paths.js";

export const TOUCHES_ALL: Touched = { all: true, paths: [] };

/**
 * Past this many touched paths a function is taken to touch everything: the
 * cautious answer (a call of it forgets what the caller knew), and a bound
 * where a ring of functions each starting the next would otherwise hand
 * every member the package variables of all the others.
 */
export const MAX_TOUCHED = 64;

/** The part of `path` above its first index: assigning `p.m[k]` changes what lies under `p.m`, not p.m. */
function prefix(path: Path): { path: Path; under: boolean } {
  const cut = path.selectors.findIndex((s) => s.kind === "index");
  return cut < 0 ? { path, under: false } : { path: { root: path.root, selectors: path.selectors.slice(0, cut) }, under: true };
}

function isOwnLocal(fn: IrFunction, path: Path): boolean {
  if (path.root.kind !== "var") return false;
  const kind = fn.vars[path.root.var]?.kind;
  return kind === "local" || kind === "temp" || kind === "result";
}

/** Whether what `a` may change includes all `b` may: `p` is p and all under it, `under p` all strictly under p (same root). */
function covers(a: TouchedPath, b: TouchedPath): boolean {
  const x = a.path.fields;
  const y = b.path.fields;
  if (y.length < x.length || x.some((f, i) => y[i] !== f)) return false;
  return !a.under || y.length > x.length || b.under;
}

/** Go's predeclared types that hold no reference: a copy of one (`r.Name = p.Name`) shares nothing with the original. */
const PLAIN = new Set(["string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "byte", "rune"]);

function isPlainValue(semantic: SemanticModel, t: TypeRef | null): boolean {
  if (!t) return false;
  const u = semantic.types.underlying(t);
  return u.kind === "named" && u.pkg === null && u.args.length === 0 && PLAIN.has(u.name);
}

export function touchedBy(fn: IrFunction, semantic: SemanticModel, summaryOf: (fnId: number) => FunctionNilSummary | undefined): Touched {
  // By root; an entry another covers is left out (a callee's touches are substituted at every call of it).
  const byRoot = new Map<string, TouchedPath[]>();
  let all = false;
  let count = 0;
  /** `under`: only what lies strictly below `path` (a callee handed p can change p.m, never the caller's p). */
  const mark = (target: Path | null, under = false): void => {
    if (!target || all) return;
    if (isOwnLocal(fn, target)) return;
    const cut = prefix(target);
    const lifted = toSummaryPath(fn, cut.path);
    if (!lifted) {
      all = true;
      return;
    }
    const touched = { path: lifted, under: under || cut.under };
    const root = `${lifted.root.kind} ${describeRoot(lifted.root)}`;
    const list = byRoot.get(root) ?? [];
    if (list.some((t) => covers(t, touched))) return;
    const rest = list.filter((t) => !covers(touched, t));
    rest.push(touched);
    count += rest.length - list.length;
    byRoot.set(root, rest);
    if (count > MAX_TOUCHED) all = true;
  };
  const aliases = (v: Instr): boolean =>
    v.op === "assign" &&
    (v.value.kind === "path" || v.value.kind === "addr") &&
    !isOwnLocal(fn, v.value.path) &&
    v.targets.some((t) => t !== null && isOwnLocal(fn, t)) &&
    !(v.value.kind === "path" && isPlainValue(semantic, semantic.typeOf(fn, v.value.path)));
  const unknownCall = (call: Call): void => {
    if (call.callee.kind === "builtin") return;
    // `&x` hands out x itself; a path argument only what lies under it.
    for (const a of call.args) if (a.kind === "path" || a.kind === "addr") mark(a.path, a.kind === "path");
    if (call.callee.kind === "method") mark(call.callee.recv, true);
  };
  fn.blocks.forEach((b, block) =>
    b.instrs.forEach((x, index) => {
      if (all) return;
      // A local made from a parameter's path changes the parameter's values through itself: give up on precision.
      if (aliases(x)) all = true;
      if (x.op === "assign") x.targets.forEach((t) => mark(t));
      else if (x.op === "recv") x.targets.forEach((t) => mark(t));
      else if (x.op === "call" || x.op === "go" || x.op === "defer") {
        if (x.op === "call") x.results.forEach((t) => mark(t));
        const targets = semantic.callGraph.site(fn.id, { block, index })?.targets ?? [];
        const summaries = targets.map((t) => summaryOf(t.fn));
        if (targets.length === 0 || summaries.some((s) => !s || s.touches.all)) return unknownCall(x.call);
        targets.forEach((t, i) => {
          for (const p of (summaries[i] as FunctionNilSummary).touches.paths) {
            const path = substitute(x.call, t.receiver, p.path);
            if (path) mark(path, p.under);
            else if (p.path.root.kind !== "package") unknownCall(x.call);
          }
        });
      }
    }),
  );
  return all ? TOUCHES_ALL : { all: false, paths: [...byRoot.values()].flat() };
}
