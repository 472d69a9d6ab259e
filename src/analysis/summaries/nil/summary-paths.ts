// Between a function's own paths and the caller-independent form a summary
// keeps them in: `s.labels` with s the receiver is {receiver, [labels]};
// and back, at a call site, to the caller's path of the same value (the
// receiver path of `x.M()`, argument i, `&y` as y).
import { MAX_PATH_DEPTH, type Call, type IrFunction, type Path, type Selector } from "../../lower/ir.js";
import type { ReceiverShape } from "../../semantic/resolve-callee.js";
import type { SummaryPath, SummaryRoot } from "./nil-summary-types.js";

/** `path` over the function's receiver, parameters or package variables, as field names; null for anything else. */
export function toSummaryPath(fn: IrFunction, path: Path): SummaryPath | null {
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
  return null;
}

/** The callee's Var for a summary root, to ask the callee's own nilness about it. */
export function calleePath(fn: IrFunction, root: SummaryRoot, fields: readonly string[]): Path | null {
  const selectors: Selector[] = fields.map((name) => ({ kind: "field", name }));
  if (root.kind === "package") return { root: { kind: "package", name: root.name }, selectors };
  const v = fn.vars.find((x) => (root.kind === "receiver" ? x.kind === "receiver" : x.kind === "param" && x.index === root.index));
  return v ? { root: { kind: "var", var: v.id }, selectors } : null;
}

/** The caller's path for a callee's summary path at `call`, or null when the argument is no path (a literal, a call). */
export function substitute(call: Call, shape: ReceiverShape, path: SummaryPath): Path | null {
  const fields: Selector[] = path.fields.map((name) => ({ kind: "field", name }));
  let base: Path | null = null;
  const root = path.root;
  if (root.kind === "package") base = { root: { kind: "package", name: root.name }, selectors: [] };
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
  }
}

export function describePath(path: SummaryPath): string {
  return [describeRoot(path.root), ...path.fields].join(".");
}
