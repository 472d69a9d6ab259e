// Between a function's own paths and the caller-independent form a summary
// keeps them in: `s.labels` with s the receiver is {receiver, [labels]};
// and back, at a call site, to the caller's path of the same value (the
// receiver path of `x.M()`, argument i, `&y` as y).
import { MAX_PATH_DEPTH, type Call, type IrFunction, type Path, type Selector } from "../../lower/ir.js";
import type { FunctionIndex } from "../../semantic/function-index.js";
import type { ReceiverShape } from "../../semantic/resolve-callee.js";
import type { SummaryPath, SummaryRoot } from "./nil-summary-types.js";

/**
 * `path` over the function's receiver, parameters or package variables, as field names; null for anything else.
 * `captured`: a closure's captured variables too (for requirements: see SummaryRoot).
 */
export function toSummaryPath(fn: IrFunction, path: Path, captured?: FunctionIndex): SummaryPath | null {
  if (path.truncated) return null;
  const fields: string[] = [];
  for (const s of path.selectors) {
    // `(*p).f` and `p.f` are one field: the summary speaks of values, not of how they are reached.
    if (s.kind === "deref") continue;
    if (s.kind !== "field") return null;
    fields.push(s.name);
  }
  const root = path.root;
  if (root.kind === "package") return { root: { kind: "package", name: root.name }, fields };
  if (root.kind !== "var") return null;
  const v = fn.vars[root.var];
  if (v?.kind === "receiver") return { root: { kind: "receiver" }, fields };
  if (v?.kind === "param" && v.index !== undefined) return { root: { kind: "param", index: v.index }, fields };
  if (v?.kind === "captured" && captured) {
    const origin = declaringVar(captured, fn, root.var);
    if (origin) return { root: { kind: "captured", fn: origin.fn, var: origin.var }, fields };
  }
  return null;
}

/** The function that declares a captured variable and its Var there (through closures nested at any depth). */
function declaringVar(index: FunctionIndex, fn: IrFunction, varId: number): { fn: number; var: number } | null {
  let f = fn;
  let v = varId;
  for (let i = 0; i < 64; i++) {
    const outer = f.vars[v]?.outer;
    if (!outer) return f.vars[v]?.kind === "captured" ? null : { fn: f.id, var: v };
    const next = index.fn(outer.fn);
    if (!next) return null;
    f = next;
    v = outer.var;
  }
  return null;
}

/** The caller's own Var for a captured root: the variable itself in its declaring function, or the caller's capture of it. */
function capturedIn(index: FunctionIndex, caller: IrFunction, root: { fn: number; var: number }): number | null {
  if (caller.id === root.fn) return root.var;
  for (const v of caller.vars) {
    if (v.kind !== "captured") continue;
    const origin = declaringVar(index, caller, v.id);
    if (origin && origin.fn === root.fn && origin.var === root.var) return v.id;
  }
  return null;
}

/** The callee's Var for a summary root, to ask the callee's own nilness about it. */
export function calleePath(fn: IrFunction, root: SummaryRoot, fields: readonly string[]): Path | null {
  const selectors: Selector[] = fields.map((name) => ({ kind: "field", name }));
  if (root.kind === "package") return { root: { kind: "package", name: root.name }, selectors };
  if (root.kind === "captured") return null;
  const v = fn.vars.find((x) => (root.kind === "receiver" ? x.kind === "receiver" : x.kind === "param" && x.index === root.index));
  return v ? { root: { kind: "var", var: v.id }, selectors } : null;
}

/**
 * The caller's path for a callee's summary path at `call`, or null when the argument is no path (a literal, a call).
 * A captured root needs `caller` (the function holding the call), which must see the variable.
 */
export function substitute(call: Call, shape: ReceiverShape, path: SummaryPath, caller?: { fn: IrFunction; index: FunctionIndex }): Path | null {
  const fields: Selector[] = path.fields.map((name) => ({ kind: "field", name }));
  let base: Path | null = null;
  const root = path.root;
  if (root.kind === "captured") {
    const own = caller ? capturedIn(caller.index, caller.fn, root) : null;
    if (own !== null) base = { root: { kind: "var", var: own }, selectors: [] };
  } else if (root.kind === "package") base = { root: { kind: "package", name: root.name }, selectors: [] };
  else if (root.kind === "receiver") {
    if (shape === "path" && call.callee.kind === "method") base = call.callee.recv;
    else if (shape === "arg0") base = argPath(call, 0);
  } else if (!call.spread) base = argPath(call, root.index + (shape === "arg0" ? 1 : 0));
  if (!base || base.truncated) return null;
  const selectors = [...base.selectors, ...fields];
  return selectors.length > MAX_PATH_DEPTH ? null : { root: base.root, selectors };
}

/** The path an argument denotes: `&y` passes y's fields as the callee's `p.f`. */
function argPath(call: Call, i: number): Path | null {
  const a = call.args[i];
  if (!a) return null;
  return a.kind === "path" || a.kind === "addr" ? a.path : null;
}

export function describeRoot(root: SummaryRoot | { kind: "result"; index: number }): string {
  switch (root.kind) {
    case "receiver":
      return "recv";
    case "param":
      return `param${root.index}`;
    case "result":
      return `result${root.index}`;
    case "package":
      return root.name;
    case "captured":
      return `captured${root.fn}.${root.var}`;
  }
}

export function describePath(path: SummaryPath): string {
  return [describeRoot(path.root), ...path.fields].join(".");
}
