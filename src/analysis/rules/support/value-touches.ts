// The rule before the semantic layer's conservatism, kept for parity: a value that is used
// as a whole (passed, returned, assigned, addressed, a method called on it,
// deleted from or cleared; through `*x` as well as `x`) between its
// construction and the write, or that a closure captures, or whose map field
// is assigned, addressed, handed on, deleted from, cleared or nil-checked
// anywhere in the function, may have been given a map in ways flow nil-ness
// does not see, so the write is not surely a nil-map write.
import type { Instr, IrFunction, PackageIr, Path, Value } from "../../lower/ir.js";

/** Functions (closures) that capture var `v` of `fn`. */
export function capturedVars(ir: PackageIr): Set<string> {
  const out = new Set<string>();
  for (const fn of ir.functions) for (const v of fn.vars) if (v.kind === "captured" && v.outer) out.add(`${v.outer.fn}:${v.outer.var}`);
  return out;
}

function isVar(path: Path, v: number): boolean {
  return path.root.kind === "var" && path.root.var === v;
}

/** `x` itself, or what it points to (`*x`): assigning or copying `*x` handles the value whole, as `x` does. */
function isWhole(path: Path, v: number): boolean {
  return isVar(path, v) && path.selectors.every((s) => s.kind === "deref");
}

function isField(path: Path, v: number, field: string): boolean {
  const s = path.selectors[0];
  return isVar(path, v) && s?.kind === "field" && s.name === field && path.selectors.length === 1;
}

/** The var used whole in `value` (or the field itself handed on: `x.f` as a value, `&x.f`). */
function valueUses(value: Value, v: number, field: string | null): boolean {
  switch (value.kind) {
    case "path":
      return isWhole(value.path, v) || (field !== null && isField(value.path, v, field));
    case "addr":
      return isVar(value.path, v);
    case "literal":
      return value.fields.some((f) => valueUses(f.value, v, field)) || value.elements.some((e) => valueUses(e, v, field));
    case "convert":
    case "assert":
      return valueUses(value.value, v, field);
    default:
      return false;
  }
}

function instrUses(x: Instr, v: number, field: string | null, readMethods: ReadonlySet<string>): boolean {
  switch (x.op) {
    case "assign":
      return valueUses(x.value, v, field) || x.targets.some((t) => t !== null && (isWhole(t, v) || (field !== null && isField(t, v, field))));
    case "call":
    case "go":
    case "defer":
      return (
        x.call.args.some((a) => valueUses(a, v, field)) ||
        (x.call.callee.kind === "method" && isWhole(x.call.callee.recv, v) && !readMethods.has(x.call.callee.name)) ||
        (x.op === "call" && x.results.some((r) => r !== null && isWhole(r, v)))
      );
    case "return":
      return x.values.some((val) => valueUses(val, v, field));
    case "send":
      return valueUses(x.value, v, field);
    case "recv":
      return x.targets.some((t) => t !== null && isVar(t, v));
    case "access":
      // `delete(m, k)` and `clear(m)` handle the map as more than a read (the rule before the semantic layer takes them as such).
      return (x.kind === "delete" || x.kind === "clear") && (isWhole(x.path, v) || (field !== null && isField(x.path, v, field)));
    default:
      return false;
  }
}

const NO_METHODS: ReadonlySet<string> = new Set();

/** Whether `x` uses var `v` whole (passes, assigns, addresses it, calls a method not among `readMethods` on it). */
export function usesWhole(x: Instr, v: number, readMethods: ReadonlySet<string> = NO_METHODS): boolean {
  return instrUses(x, v, null, readMethods);
}

/**
 * Whether anything between `from` and `to` (source offsets) uses var `v`
 * whole, or anywhere touches its field `field`. A call of one of
 * `readMethods` on the var itself (`h.Get`, `v.Del` of a library map) only
 * reads it: the rule before the semantic layer counts those as reads, not as uses that may
 * have made the map.
 */
export function valueTouched(fn: IrFunction, v: number, field: string | null, made: Instr, write: Instr, readMethods: ReadonlySet<string> = NO_METHODS): boolean {
  for (const b of fn.blocks) {
    if (b.term.kind === "branch" && b.term.cond.kind === "nil" && field !== null && isField(b.term.cond.path, v, field)) return true;
    for (const x of b.instrs) {
      if (x === made || x === write) continue;
      if (field !== null && !instrUses(x, v, null, readMethods) && instrUses(x, v, field, readMethods)) return true;
      if (x.at > made.at && x.at < write.at && instrUses(x, v, null, readMethods)) return true;
    }
  }
  return false;
}
