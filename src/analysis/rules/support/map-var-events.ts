// What happens to each map variable of a package, read off the IR: the
// declaration, assignments, `= nil`, hand-outs (`&m`, a method called on
// it), writes and nil comparisons, in source order, with the instruction and
// the IR function each happens in. The nil-map ports ask their questions of
// these events; a variable's identity crosses closures (a captured Var is
// its outer Var).
import type { Instr, IrFunction, PackageIr, Path, Span, TypeRef, Value } from "../../lower/ir.js";

export type VarEventKind = "declare" | "assign" | "nil" | "address" | "escape" | "write" | "nested-write" | "read" | "nil-compare" | "return";

export interface VarEvent {
  kind: VarEventKind;
  fn: IrFunction;
  /** Block index in fn, and the instruction (null for a branch condition). */
  block: number;
  instr: Instr | null;
  /** Source order within a file: line and column packed. */
  order: number;
  span: Span;
  stmt: Span;
  /** For declare and assign: the value assigned (absent: a call, a receive, several values). */
  value?: Value;
  /** For assign: it assigns one of several targets of one value (a tuple). */
  multi?: boolean;
}

/** Which variable (or field) a path denotes as a whole; null for paths that are not one. */
export type SymbolKeyOf = (fn: IrFunction, path: Path) => VarKey | null;

/** `var:<fn>:<var>` for a function's variable (captured ones resolved), `pkg:<name>` for a package variable. */
export type VarKey = string;

export function orderOf(span: Pick<Span, "line" | "column">): number {
  return span.line * 100_000 + span.column;
}

export function rootKey(ir: PackageIr, fn: IrFunction, path: Path): VarKey | null {
  if (path.selectors.length !== 0 || path.truncated) return null;
  return keyOfRoot(ir, fn, path);
}

export function keyOfRoot(ir: PackageIr, fn: IrFunction, path: Path): VarKey | null {
  const root = path.root;
  if (root.kind === "package") return `pkg:${root.name}`;
  if (root.kind !== "var") return null;
  let f = fn;
  let v = f.vars[root.var];
  for (let hops = 0; v?.kind === "captured" && v.outer && hops < 64; hops++) {
    const outer = ir.functions[v.outer.fn];
    if (!outer) return null;
    f = outer;
    v = outer.vars[v.outer.var];
  }
  return v ? `var:${f.id}:${v.id}` : null;
}

/**
 * The variables (or fields) a package writes into: `m[k] = v` (direct) or
 * `m[a][b] = v` (nested, for the map of maps `m`). The first, cheap pass of
 * a rule: events are then collected for these keys only.
 */
export function writtenKeys(ir: PackageIr, functions: readonly IrFunction[], keyOf: SymbolKeyOf, nested: boolean): Set<VarKey> {
  const out = new Set<VarKey>();
  for (const fn of functions) {
    for (const block of fn.blocks) {
      for (const instr of block.instrs) {
        if (instr.op !== "access" || instr.kind !== "write") continue;
        const path = instr.path;
        if (!nested) {
          const key = keyOf(fn, path);
          if (key) out.add(key);
          continue;
        }
        const sel = path.selectors;
        if (sel.length === 0 || sel[sel.length - 1].kind !== "index" || path.truncated || keyOf(fn, path)) continue;
        const key = keyOf(fn, { ...path, selectors: sel.slice(0, -1) });
        if (key) out.add(key);
      }
    }
  }
  return out;
}

/** Events per variable of `wanted` (every variable when null), in source order. */
export function collectVarEvents(
  ir: PackageIr,
  functions: readonly IrFunction[],
  keyOf: SymbolKeyOf = (fn, path) => rootKey(ir, fn, path),
  wanted: ReadonlySet<VarKey> | null = null,
): Map<VarKey, VarEvent[]> {
  const out = new Map<VarKey, VarEvent[]>();
  let fn: IrFunction = functions[0];
  let b = 0;
  const push = (key: VarKey | null, kind: VarEventKind, instr: Instr, extra?: Partial<VarEvent>): void => {
    if (!key || (wanted && !wanted.has(key))) return;
    const e: VarEvent = { kind, fn, block: b, instr, order: orderOf(instr.span), span: instr.span, stmt: instr.stmt, ...extra };
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  };
  let current: Instr;
  const onAddress = (p: Path): void => push(keyOf(fn, p), "address", current);
  const onPath = (p: Path): void => {
    const key = keyOf(fn, p);
    if (key) return push(key, "escape", current);
    // A map has no fields: `m.Init` is a method value of a named map type, which holds `&m` when the receiver is a pointer.
    const sel = p.selectors;
    if (sel.length > 0 && sel[sel.length - 1].kind === "field" && !p.truncated) push(keyOf(fn, { ...p, selectors: sel.slice(0, -1) }), "address", current);
  };
  const addrs = (v: Value): void => {
    if (v.kind === "const" || v.kind === "unknown" || v.kind === "make" || v.kind === "nil") return;
    visitAddresses(v, onAddress);
    visitPaths(v, onPath);
  };
  const scope = wanted ? declaringScope(ir, wanted) : null;
  for (fn of functions) {
    if (scope && !scope(fn)) continue;
    for (b = 0; b < fn.blocks.length; b++) {
      const block = fn.blocks[b];
      for (const instr of block.instrs) {
        current = instr;
        switch (instr.op) {
          case "access": {
            const key = keyOf(fn, instr.path);
            const sel = instr.path.selectors;
            if (instr.kind === "write") {
              if (key) push(key, "write", instr);
              else if (sel.length > 0 && sel[sel.length - 1].kind === "index" && !instr.path.truncated) {
                push(keyOf(fn, { ...instr.path, selectors: sel.slice(0, -1) }), "nested-write", instr);
              }
            } else if (instr.kind === "read" && key) push(key, "read", instr);
            break;
          }
          case "assign": {
            const single = instr.targets.length === 1;
            for (const t of instr.targets) {
              if (!t) continue;
              const key = keyOf(fn, t);
              if (!key || (wanted && !wanted.has(key))) continue;
              if (instr.define && declares(fn, t, instr)) push(key, "declare", instr, single ? { value: instr.value } : undefined);
              else if (single && instr.value.kind === "nil") push(key, "nil", instr);
              else push(key, "assign", instr, single ? { value: instr.value } : { multi: true });
            }
            addrs(instr.value);
            break;
          }
          case "call":
          case "go":
          case "defer":
            if (instr.op === "call") {
              const multi = instr.results.length > 1;
              for (const t of instr.results) if (t) push(keyOf(fn, t), "assign", instr, multi ? { multi } : undefined);
            }
            if (instr.call.callee.kind === "method") push(keyOf(fn, instr.call.callee.recv), "address", instr);
            for (const a of instr.call.args) addrs(a);
            break;
          case "recv":
            for (const t of instr.targets) if (t) push(keyOf(fn, t), "assign", instr);
            break;
          case "send":
            addrs(instr.value);
            break;
          case "return":
            for (const v of instr.values) addrs(v);
            for (const r of fn.results) push(`var:${fn.id}:${r}`, "return", instr);
            break;
          default:
            break;
        }
      }
      const term = block.term;
      if (term.kind === "branch" && term.cond.kind === "nil") {
        const key = keyOf(fn, term.cond.path);
        if (key && (!wanted || wanted.has(key))) {
          const e: VarEvent = { fn, block: b, instr: null, order: orderOf(term.span), span: term.span, stmt: term.span, kind: "nil-compare" };
          const list = out.get(key);
          if (list) list.push(e);
          else out.set(key, [e]);
        }
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.order - b.order);
  return out;
}

/**
 * When every wanted key is a function's variable, only that function and its
 * closures can touch it: a filter on functions. Null when a package variable
 * or a field is wanted (any function may touch those).
 */
function declaringScope(ir: PackageIr, wanted: ReadonlySet<VarKey>): ((fn: IrFunction) => boolean) | null {
  const declaring = new Set<number>();
  for (const key of wanted) {
    if (!key.startsWith("var:")) return null;
    declaring.add(Number(key.slice(4, key.indexOf(":", 4))));
  }
  return (fn) => {
    let f: IrFunction | undefined = fn;
    for (let hops = 0; f && hops < 256; hops++) {
      if (declaring.has(f.id)) return true;
      f = f.parent === null ? undefined : ir.functions[f.parent];
    }
    return false;
  };
}

/** Whether a `:=` or `var` instruction declares the target's Var (rather than assigning an existing one). */
function declares(fn: IrFunction, target: Path, instr: Instr): boolean {
  if (target.root.kind === "package") return fn.name === "<vars>" || fn.name.startsWith("<vars>");
  if (target.root.kind !== "var") return false;
  const v = fn.vars[target.root.var];
  if (!v?.declared) return false;
  return within(v.declared, instr.span) || within(v.declared, instr.stmt);
}

function within(inner: Span, outer: Span): boolean {
  const start = orderOf(inner);
  return start >= orderOf(outer) && start < orderOf({ line: outer.endLine, column: outer.endColumn });
}

/** `&x` anywhere in a value, and method values `x.M` (which may hold `&x`). */
export function visitAddresses(v: Value, found: (p: Path) => void): void {
  switch (v.kind) {
    case "addr":
      found(v.path);
      return;
    case "func":
      if (v.callee.kind === "method") found(v.callee.recv);
      return;
    case "literal":
      for (const f of v.fields) visitAddresses(f.value, found);
      for (const e of v.elements) visitAddresses(e, found);
      return;
    case "convert":
    case "assert":
      visitAddresses(v.value, found);
      return;
    default:
      return;
  }
}

/** Paths used whole as values: `f(m)`, `return m`, `x := m`, `T{f: m}` (not `&m`, not `m[k]`). */
export function visitPaths(v: Value, found: (p: Path) => void): void {
  switch (v.kind) {
    case "path":
      found(v.path);
      return;
    case "literal":
      for (const f of v.fields) visitPaths(f.value, found);
      for (const e of v.elements) visitPaths(e, found);
      return;
    case "convert":
    case "assert":
      visitPaths(v.value, found);
      return;
    default:
      return;
  }
}

/** The top-level function a closure belongs to. */
export function topLevel(ir: PackageIr, fn: IrFunction): IrFunction {
  let f = fn;
  for (let hops = 0; f.parent !== null && hops < 256; hops++) f = ir.functions[f.parent] ?? f;
  return f;
}

export type { TypeRef };
