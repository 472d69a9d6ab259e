// A callee's paths in its caller's terms at one call site: the receiver
// becomes the call's receiver path, parameter i argument i (`&x` gives x),
// a closure's captured variable the enclosing function's own, a package
// variable stays itself. A callee's locals have no name in the caller: null.
import { pathKey } from "../flow/path-key.js";
import type { Call, Instr, IrFunction, Path, Selector, Value } from "../lower/ir.js";
import { MAX_PATH_DEPTH } from "../lower/ir.js";
import type { CallTarget } from "../semantic/resolve-callee.js";
import type { SemanticModel } from "../semantic/semantic-model.js";

interface Bound {
  path: Path;
  /** Passed as `&x`: the callee's `*p` is the caller's x. */
  addr: boolean;
}

export interface Binding {
  caller: IrFunction;
  callee: IrFunction;
  receiver: Path | null;
  params: readonly (Bound | null)[];
}

export function bindCall(semantic: SemanticModel, caller: IrFunction, call: Call, target: CallTarget, callee: IrFunction): Binding {
  const args = call.args.map(argPath);
  const methodName = callee.receiver ? callee.name.slice(callee.name.lastIndexOf(".") + 1) : "";
  let receiver: Path | null = null;
  let params = args;
  if (target.receiver === "path" && call.callee.kind === "method") {
    receiver = semantic.methodReceiverPath(caller, call.callee.recv, call.callee.name);
  } else if (target.receiver === "arg0") {
    receiver = args[0]?.path ?? null;
    params = args.slice(1);
  } else if (target.receiver === "bound") {
    receiver = boundReceiver(semantic, caller, call, methodName);
  }
  // A spread call (`f(xs...)`) passes a slice where the callee sees separate parameters.
  if (call.spread) params = params.map((p, i) => (i === params.length - 1 ? null : p));
  return { caller, callee, receiver, params };
}

/** `path` of the callee over the caller's roots, or null when its root has no name there. */
export function substitutePath(b: Binding, path: Path): Path | null {
  const root = path.root;
  if (root.kind !== "var") return path;
  const v = b.callee.vars[root.var];
  if (!v) return null;
  let base: Path | null = null;
  let selectors = path.selectors;
  if (v.kind === "receiver") base = b.receiver;
  else if (v.kind === "param") {
    const bound = v.index === undefined ? null : (b.params[v.index] ?? null);
    base = bound?.path ?? null;
    // `p.*.m` with p = &x is x.m.
    if (bound?.addr && selectors[0]?.kind === "deref") selectors = selectors.slice(1);
  } else if (v.kind === "captured" && v.outer) base = capturedInCaller(b.caller, v.outer);
  if (!base) return null;
  return joinPath(base, selectors, path.truncated === true);
}

/** Whether the callee's `var` holds a copy of the caller's value (a value receiver, a struct or mutex passed by value): a lock through it locks a copy. */
export function copiedRoot(semantic: SemanticModel, callee: IrFunction, path: Path): boolean {
  if (path.root.kind !== "var") return false;
  const v = callee.vars[path.root.var];
  if (!v) return false;
  if (v.kind === "receiver") return callee.receiver?.pointer === false;
  if (v.kind !== "param" || !v.type || v.type.kind === "pointer") return false;
  return semantic.structOf(v.type) !== null || semantic.isMutex(v.type) !== null;
}

export function joinPath(base: Path, more: readonly Selector[], truncated: boolean): Path {
  const selectors = [...base.selectors, ...more];
  if (selectors.length > MAX_PATH_DEPTH) return { root: base.root, selectors: selectors.slice(0, MAX_PATH_DEPTH), truncated: true };
  return truncated || base.truncated ? { root: base.root, selectors, truncated: true } : { root: base.root, selectors };
}

function argPath(value: Value): Bound | null {
  switch (value.kind) {
    case "path":
      return { path: value.path, addr: false };
    case "addr":
      return { path: value.path, addr: true };
    case "convert":
      return argPath(value.value);
    default:
      return null;
  }
}

/** The caller's var for a captured variable: its own when it encloses the literal, else its own capture of the same variable. */
function capturedInCaller(caller: IrFunction, outer: { fn: number; var: number }): Path | null {
  if (outer.fn === caller.id) return { root: { kind: "var", var: outer.var }, selectors: [] };
  const same = caller.vars.find((x) => x.kind === "captured" && x.outer?.fn === outer.fn && x.outer.var === outer.var);
  return same ? { root: { kind: "var", var: same.id }, selectors: [] } : null;
}

// The call graph says a func value is a method value bound earlier; it does not say to which receiver. Lowering
// records `f := c.put` as an assign, so look for the method values stored into the variable called.
const methodValues = new WeakMap<IrFunction, Map<string, { recv: Path; name: string }[]>>();

function boundReceiver(semantic: SemanticModel, caller: IrFunction, call: Call, name: string): Path | null {
  if (call.callee.kind !== "value") return null;
  const stored = methodValuesOf(caller).get(pathKey(call.callee.path)) ?? [];
  const found = stored.filter((s) => s.name === name).map((s) => semantic.methodReceiverPath(caller, s.recv, s.name));
  if (found.length === 0) return null;
  const key = pathKey(found[0]);
  // Two different receivers stored into one variable: which one runs is not known here.
  return found.every((p) => pathKey(p) === key) ? found[0] : null;
}

function methodValuesOf(fn: IrFunction): Map<string, { recv: Path; name: string }[]> {
  let found = methodValues.get(fn);
  if (found) return found;
  found = new Map();
  for (const block of fn.blocks) {
    for (const instr of block.instrs) collectMethodValue(found, instr);
  }
  methodValues.set(fn, found);
  return found;
}

function collectMethodValue(into: Map<string, { recv: Path; name: string }[]>, instr: Instr): void {
  if (instr.op !== "assign" || instr.targets.length !== 1) return;
  const target = instr.targets[0];
  const value = instr.value;
  if (!target) return;
  let found: { recv: Path; name: string } | null = null;
  if (value.kind === "func" && value.callee.kind === "method") found = { recv: value.callee.recv, name: value.callee.name };
  // Lowering writes a method value `c.put` as the path c.put; the call graph has already said it is a method.
  const last = value.kind === "path" ? value.path.selectors[value.path.selectors.length - 1] : undefined;
  if (value.kind === "path" && last?.kind === "field") found = { recv: { root: value.path.root, selectors: value.path.selectors.slice(0, -1) }, name: last.name };
  if (!found) return;
  const key = pathKey(target);
  into.set(key, [...(into.get(key) ?? []), found]);
}
