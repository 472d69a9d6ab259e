// Whether the value an access goes through is one value for every copy of a
// context, or for a context and its spawner. Type-based map identities
// (`T.f`) say only that two accesses touch maps of the same field of some
// `T`; copies of a goroutine started in a loop, or requests of a handler,
// usually each work on their own `T`. So a pair within one context counts
// only when the access goes through something all copies share: a package
// variable, a variable the literal captures, the receiver of a handler or of
// a locking type's method, or what the `go` statement hands over when the
// spawner itself holds it from outside (its receiver, parameter or captured
// variable, or a package variable).
import type { ExecutionContext } from "../../concurrency/context-types.js";
import type { Call, IrFunction, Path, Var } from "../../lower/ir.js";
import { isVar } from "../../lower/instr-flows.js";
import type { PackageFacts } from "../../package-facts.js";
import { cfgOf } from "../../flow/cfg.js";
import { cyclicBlocks } from "../../flow/loops.js";

/** Whether every copy of `context` reaches the same value through `path`, a path over `root`'s vars. */
export function sharedByCopies(pkg: PackageFacts, context: ExecutionContext, root: IrFunction, path: Path): boolean {
  if (path.root.kind === "package") return true;
  if (path.root.kind !== "var") return false;
  const v = root.vars[path.root.var];
  if (!v) return false;
  if (context.kind === "concurrent-methods" || context.kind === "handler") return v.kind === "receiver";
  // A spawner's own locals are one per call of it: copies started by calling it again do not share them, copies
  // started in a loop inside one call do when the local is declared outside that loop. What the spawner was given
  // (its receiver, its parameters) is the caller's, shared as far as anything is.
  if (v.kind === "captured") {
    const outer = v.outer;
    if (!outer) return false;
    const declaring = pkg.ir.functions[outer.fn]?.vars[outer.var];
    if (declaring && (declaring.kind === "receiver" || declaring.kind === "param" || declaring.kind === "captured")) return true;
    return startedInLoop(pkg, context) && !declaredInLoop(pkg, outer.fn, outer.var);
  }
  if (v.kind !== "receiver" && v.kind !== "param") return false;
  const call = startCall(pkg, context);
  if (!call || context.via !== null || !context.spawn) return false;
  const handed = v.kind === "receiver" ? (call.callee.kind === "method" ? call.callee.recv : null) : argPath(call, v.index);
  const spawner = pkg.ir.functions[context.spawn.fn];
  return handed !== null && spawner !== undefined && heldFromOutside(spawner, handed);
}

/** Whether `path` (over the spawner's vars) is what the context was handed: a package variable, or a var the `go` passes or the literal captures. */
export function handedToContext(pkg: PackageFacts, context: ExecutionContext, spawner: IrFunction, path: Path): boolean {
  if (path.root.kind === "package") return true;
  if (path.root.kind !== "var" || !context.spawn || spawner.id !== context.spawn.fn) return false;
  const id = path.root.var;
  const call = startCall(pkg, context);
  if (call) {
    if (call.callee.kind === "method" && rootVar(call.callee.recv) === id) return true;
    if (call.callee.kind === "value" && rootVar(call.callee.path) === id) return true;
    for (const a of call.args) if ((a.kind === "path" || a.kind === "addr") && rootVar(a.path) === id) return true;
  }
  for (const r of context.roots) {
    const fn = pkg.ir.functions[r];
    if (fn?.vars.some((w) => w.kind === "captured" && w.outer?.fn === spawner.id && w.outer.var === id)) return true;
  }
  return false;
}

/** The start instruction sits on a loop of the spawner (or, for a callback, the hand-over does). */
function startedInLoop(pkg: PackageFacts, context: ExecutionContext): boolean {
  const s = context.via ?? context.spawn;
  const fn = s ? pkg.ir.functions[s.fn] : undefined;
  return s !== null && fn !== undefined && cyclic(fn)[s.block] === 1;
}

/** The var is declared (its first definition) on a loop of its function: each turn has its own. */
function declaredInLoop(pkg: PackageFacts, fnId: number, varId: number): boolean {
  const fn = pkg.ir.functions[fnId];
  const v = fn?.vars[varId];
  if (!fn || !v) return true;
  if (v.kind === "param" || v.kind === "receiver" || v.kind === "captured") return false;
  const loops = cyclic(fn);
  for (const b of fn.blocks) {
    for (const instr of b.instrs) {
      if (instr.op === "assign" && instr.define && instr.targets.some((t) => t?.root.kind === "var" && t.root.var === varId && t.selectors.length === 0)) return loops[b.id] === 1;
    }
  }
  return false;
}

const cycles = new WeakMap<IrFunction, Uint8Array>();
function cyclic(fn: IrFunction): Uint8Array {
  let c = cycles.get(fn);
  if (!c) cycles.set(fn, (c = cyclicBlocks(cfgOf(fn))));
  return c;
}

function startCall(pkg: PackageFacts, context: ExecutionContext): Call | null {
  const s = context.spawn;
  if (!s) return null;
  const instr = pkg.ir.functions[s.fn]?.blocks[s.block]?.instrs[s.index];
  return instr && instr.op === "go" ? instr.call : null;
}

function argPath(call: Call, index: number | undefined): Path | null {
  const a = index === undefined ? undefined : call.args[index];
  return a && (a.kind === "path" || a.kind === "addr") ? a.path : null;
}

function rootVar(p: Path): number | null {
  return p.root.kind === "var" ? p.root.var : null;
}

function heldFromOutside(spawner: IrFunction, p: Path): boolean {
  if (p.root.kind === "package") return true;
  if (p.root.kind !== "var") return false;
  const k = spawner.vars[p.root.var]?.kind;
  return k === "receiver" || k === "param" || k === "captured";
}

/**
 * The spawner's local a context's access goes through, as `fn:var`: a value one call of the spawner holds (a
 * client it made, a connection it accepted). Two contexts reach the same such value only when they go through the
 * same local; null when the path starts elsewhere (a package variable, something the spawner was given).
 */
export function spawnerLocal(pkg: PackageFacts, context: ExecutionContext, root: IrFunction, path: Path): string | null {
  if (path.root.kind !== "var") return null;
  const v = root.vars[path.root.var];
  if (!v) return null;
  if (v.kind === "captured") {
    let at = v.outer ?? null;
    for (let i = 0; at && i < 64; i++) {
      const w: Var | undefined = pkg.ir.functions[at.fn]?.vars[at.var];
      if (!w) return null;
      if (w.kind !== "captured") {
        if (w.kind !== "local" && w.kind !== "temp") return null;
        // An element of a local that copies a container the spawner was given (`subs := append([]S(nil), m.subs...)`):
        // the caller's value, not one the spawner made.
        if (path.selectors[0]?.kind === "index" && copiesOutsideContainer(pkg, at.fn, at.var)) return null;
        return literalFieldAlias(pkg, at.fn, at.var, path) ?? constructorAlias(pkg, at.fn, at.var) ?? `${at.fn}:${at.var}`;
      }
      at = w.outer ?? null;
    }
    return null;
  }
  if ((v.kind !== "receiver" && v.kind !== "param") || context.via !== null || !context.spawn) return null;
  if (context.kind === "handler" || context.kind === "concurrent-methods") return null;
  const call = startCall(pkg, context);
  if (!call) return null;
  const handed = v.kind === "receiver" ? (call.callee.kind === "method" ? call.callee.recv : null) : argPath(call, v.index);
  const spawner = pkg.ir.functions[context.spawn.fn];
  if (!handed || !spawner || handed.root.kind !== "var") return null;
  const k = spawner.vars[handed.root.var]?.kind;
  return k === "local" || k === "temp" ? (constructorAlias(pkg, spawner.id, handed.root.var) ?? `${spawner.id}:${handed.root.var}`) : null;
}

/**
 * `p := newPeer()`, where newPeer returns its own local on every return: the value is the constructor's local, the
 * one the goroutines newPeer starts were handed (grafana's redis peer: its receive loops against AddState called on
 * the returned peer). The key of the constructor's local, or null.
 */
function constructorAlias(pkg: PackageFacts, fnId: number, varId: number): string | null {
  let known = aliasMemo.get(pkg);
  if (!known) aliasMemo.set(pkg, (known = new Map()));
  const key = `${fnId}:${varId}`;
  let alias = known.get(key);
  if (alias === undefined) known.set(key, (alias = computeConstructorAlias(pkg, fnId, varId)));
  return alias;
}

/** constructorAlias per package, by spawner and local: each side asks it, and it reads the whole spawner. */
const aliasMemo = new WeakMap<PackageFacts, Map<string, string | null>>();

function computeConstructorAlias(pkg: PackageFacts, fnId: number, varId: number): string | null {
  const fn = pkg.ir.functions[fnId];
  if (!fn) return null;
  let target: number | null = null;
  let assignments = 0;
  for (const b of fn.blocks) {
    b.instrs.forEach((instr, index) => {
      const sets = (t: Path | null | undefined): boolean => isVar(t, varId);
      if (instr.op === "assign" && instr.targets.some(sets)) assignments++;
      if (instr.op === "recv" && instr.targets.some(sets)) assignments++;
      if (instr.op !== "call" || !instr.results.some(sets)) return;
      assignments++;
      const callees = instr.results[0] && sets(instr.results[0]) ? pkg.semantic.callGraph.callees(fnId, { block: b.id, index }) : [];
      target = callees.length === 1 ? (callees[0] ?? null) : null;
    });
  }
  if (assignments !== 1 || target === null) return null;
  const callee = pkg.ir.functions[target];
  const own = callee ? returnedLocal(callee) : null;
  return own === null ? null : `${target}:${own}`;
}

/** The local a function returns as its first result on every return, or null. */
function returnedLocal(fn: IrFunction): number | null {
  let found: number | null = null;
  let returns = 0;
  for (const b of fn.blocks) {
    for (const instr of b.instrs) {
      if (instr.op !== "return") continue;
      returns++;
      const v = instr.values[0];
      const id = v?.kind === "path" && v.path.selectors.length === 0 && v.path.root.kind === "var" ? v.path.root.var : null;
      const k = id === null ? undefined : fn.vars[id]?.kind;
      if (id === null || (k !== "local" && k !== "temp") || (found !== null && found !== id)) return null;
      found = id;
    }
  }
  return returns > 0 ? found : null;
}

/**
 * `s := &Server{lessor: le}`: a path through the local's field is a path through the other local, so two goroutines
 * reaching the lessor as `le` and as `s.lessor` reach one value. The key of that other local, or null.
 */
function literalFieldAlias(pkg: PackageFacts, fnId: number, varId: number, path: Path): string | null {
  const first = path.selectors[0];
  const fn = pkg.ir.functions[fnId];
  if (first?.kind !== "field" || !fn) return null;
  let alias: number | null = null;
  let assignments = 0;
  for (const b of fn.blocks) {
    for (const instr of b.instrs) {
      if (instr.op !== "assign" || !instr.targets.some((t) => t?.root.kind === "var" && t.root.var === varId && t.selectors.length === 0)) continue;
      assignments++;
      const v = instr.value;
      const field = v.kind === "literal" && instr.targets.length === 1 ? v.fields.find((f) => f.name === first.name) : undefined;
      const to = field?.value.kind === "path" && field.value.path.selectors.length === 0 && field.value.path.root.kind === "var" ? field.value.path.root.var : null;
      const k = to === null ? undefined : fn.vars[to]?.kind;
      alias = k === "local" || k === "temp" ? to : null;
    }
  }
  return assignments === 1 && alias !== null ? `${fnId}:${alias}` : null;
}

/**
 * Every assignment to the local copies a container the function was given or a package variable holds: `xs :=
 * s.items`, `xs := append([]T(nil), s.items...)`. Its elements are then the values of that container.
 */
function copiesOutsideContainer(pkg: PackageFacts, fnId: number, varId: number): boolean {
  const fn = pkg.ir.functions[fnId];
  if (!fn) return false;
  const outside = (p: Path): boolean => p.selectors.length > 0 && heldFromOutside(fn, p);
  const sets = (t: Path | null | undefined): boolean => isVar(t, varId);
  let copies = 0;
  for (const b of fn.blocks) {
    for (const instr of b.instrs) {
      if (instr.op === "recv" && instr.targets.some(sets)) return false;
      if (instr.op === "assign" && instr.targets.some(sets)) {
        if (instr.targets.length !== 1 || instr.value.kind !== "path" || !outside(instr.value.path)) return false;
        copies++;
      }
      if (instr.op === "call" && instr.results.some(sets)) {
        const c = instr.call;
        const from = c.args[c.args.length - 1];
        const fresh = c.args[0]?.kind === "nil" || (c.args[0]?.kind === "convert" && c.args[0].value.kind === "nil");
        const copy = c.callee.kind === "builtin" && c.callee.name === "append" && c.spread && c.args.length === 2 && fresh && from?.kind === "path" && outside(from.path);
        if (!copy) return false;
        copies++;
      }
    }
  }
  return copies > 0;
}
