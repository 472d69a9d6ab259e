// The registered rule's conservatism, kept for parity: a value that is used
// as a whole (passed, returned, assigned, addressed, a method called on it)
// between its construction and the write, or that a closure captures, or
// whose map field is assigned, addressed, handed on or nil-checked anywhere
// in the function, may have been given a map in ways flow nil-ness does not
// see, so the write is not surely a nil-map write.
import type { Instr, IrFunction, PackageIr, Path, Value } from "../../../lower/ir.js";

/** Functions (closures) that capture var `v` of `fn`. */
export function capturedVars(ir: PackageIr): Set<string> {
  const out = new Set<string>();
  for (const fn of ir.functions) for (const v of fn.vars) if (v.kind === "captured" && v.outer) out.add(`${v.outer.fn}:${v.outer.var}`);
  return out;
}

function isVar(path: Path, v: number): boolean {
  return path.root.kind === "var" && path.root.var === v;
}

function isField(path: Path, v: number, field: string): boolean {
  const s = path.selectors[0];
  return isVar(path, v) && s?.kind === "field" && s.name === field && path.selectors.length === 1;
}

/** The var used whole in `value` (or the field itself handed on: `x.f` as a value, `&x.f`). */
function valueUses(value: Value, v: number, field: string | null): boolean {
  switch (value.kind) {
    case "path":
      return isVar(value.path, v) && (value.path.selectors.length === 0 || (field !== null && isField(value.path, v, field)));
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

function instrUses(x: Instr, v: number, field: string | null): boolean {
  switch (x.op) {
    case "assign":
      return valueUses(x.value, v, field) || x.targets.some((t) => t !== null && (isVar(t, v) && t.selectors.length === 0 || (field !== null && isField(t, v, field))));
    case "call":
    case "go":
    case "defer":
      return (
        x.call.args.some((a) => valueUses(a, v, field)) ||
        (x.call.callee.kind === "method" && isVar(x.call.callee.recv, v) && x.call.callee.recv.selectors.length === 0) ||
        (x.op === "call" && x.results.some((r) => r !== null && isVar(r, v) && r.selectors.length === 0))
      );
    case "return":
      return x.values.some((val) => valueUses(val, v, field));
    case "send":
      return valueUses(x.value, v, field);
    case "recv":
      return x.targets.some((t) => t !== null && isVar(t, v));
    default:
      return false;
  }
}

/** Whether anything between `from` and `to` (source offsets) uses var `v` whole, or anywhere touches its field `field`. */
export function valueTouched(fn: IrFunction, v: number, field: string | null, made: Instr, write: Instr): boolean {
  for (const b of fn.blocks) {
    if (b.term.kind === "branch" && b.term.cond.kind === "nil" && field !== null && isField(b.term.cond.path, v, field)) return true;
    for (const x of b.instrs) {
      if (x === made || x === write) continue;
      if (field !== null && !instrUses(x, v, null) && instrUses(x, v, field)) return true;
      if (x.at > made.at && x.at < write.at && instrUses(x, v, null)) return true;
    }
  }
  return false;
}
