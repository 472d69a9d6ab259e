// Map writes that surely meet a nil map made in the same function: a local
// built by `var x T`, `new(T)` or a literal omitting the map field (or a
// `var h http.Header`), still nil on every path to the write by the flow
// nil-ness over the CFG (a call handed the value, `&x`, an assignment, a
// nil check or a closure assigning it all end the certainty).
import { closureAssignedVars } from "../../../flow/closure-writes.js";
import { nilness } from "../../../flow/nilness.js";
import { pathKey } from "../../../flow/path-key.js";
import type { Instr, IrFunction, PackageIr, TypeRef, Value } from "../../../lower/ir.js";
import type { SemanticModel } from "../../../semantic/semantic-model.js";
import { fieldOf, isLibraryMap, LIBRARY_READ_METHODS, type MapWrite, mapWritesOf } from "./nil-map-writes.js";
import { capturedVars, valueTouched } from "./value-touches.js";

export type FreshForm = "var" | "literal" | "new" | "zero";

export interface FreshNilWrite {
  fn: IrFunction;
  write: MapWrite;
  /** The local holding the value (the map itself for "var"). */
  base: string;
  field: string | null;
  form: FreshForm;
  /** The instruction that made the value. */
  made: Extract<Instr, { op: "assign" }>;
  /** The value's type as written (`Registry`, `http.Request`, `http.Header`). */
  type: TypeRef;
  /** For a literal: the literal value. */
  literal: Extract<Value, { kind: "literal" }> | null;
}

export function freshNilWrites(ir: PackageIr, semantic: SemanticModel): FreshNilWrite[] {
  const out: FreshNilWrite[] = [];
  let clobbered: Map<number, Set<number>> | undefined;
  let captured: Set<string> | undefined;
  for (const fn of ir.functions) {
    if (fn.broken) continue;
    const fresh = freshVars(fn);
    if (fresh.size === 0) continue;
    const writes = mapWritesOf(fn, semantic).filter(
      (w) =>
        w.path.root.kind === "var" &&
        fresh.has(w.path.root.var) &&
        (w.how !== "index" || (w.path.selectors.length === 0 ? isLibraryMap(semantic, fn, w.path) : semantic.isMapType(semantic.typeOf(fn, w.path)))),
    );
    if (writes.length === 0) continue;
    const keys = new Set(writes.map((w) => pathKey(w.path)));
    const made = assignsByOffset(fn);
    clobbered ??= closureAssignedVars(ir);
    const facts = nilness(fn, { track: writes.map((w) => w.path), select: (p) => keys.has(pathKey(p)), clobberedByCalls: clobbered.get(fn.id) });
    if (!facts.converged) continue;
    for (const write of writes) {
      const fact = facts.before(write.instr, write.path);
      if (fact?.kind !== "nil" || fact.origins.length !== 1) continue;
      const origin = fact.origins[0]!;
      const field = fieldOf(write.path);
      const assign = made.get(origin.at);
      if (!assign || !assign.define || assign.targets.length !== 1) continue;
      const target = assign.targets[0];
      if (!target || target.root.kind !== "var" || target.selectors.length > 0 || write.path.root.kind !== "var" || target.root.var !== write.path.root.var)
        continue;
      captured ??= capturedVars(ir);
      // With no field the var is the library map itself, and its reading methods (`h.Get`, `v.Del`) leave it nil.
      const readMethods = field === null ? LIBRARY_READ_METHODS : undefined;
      if (captured.has(`${fn.id}:${target.root.var}`) || valueTouched(fn, target.root.var, field, assign, write.instr, readMethods)) continue;
      if (writes.some((o) => o !== write && o.instr.at < write.instr.at && pathKey(o.path) === pathKey(write.path))) continue;
      // `var a, b http.Header`: the registered rule follows the first name of such a declaration only.
      if (field === null && laterInSpec(fn, assign)) continue;
      const declaredType = fn.vars[target.root.var]?.type ?? null;
      const shape = shapeOf(assign.value, field, declaredType);
      if (!shape) continue;
      out.push({ fn, write, base: fn.vars[target.root.var]!.name, field, made: assign, ...shape });
    }
  }
  return out;
}

function shapeOf(value: Value, field: string | null, declared: TypeRef | null): Pick<FreshNilWrite, "form" | "type" | "literal"> | null {
  if (field === null) {
    if (value.kind === "zero") return { form: "var", type: value.type, literal: null };
    // `var h http.Header = nil`.
    return value.kind === "nil" && declared ? { form: "var", type: declared, literal: null } : null;
  }
  if (value.kind === "zero") return { form: "zero", type: value.type, literal: null };
  if (value.kind === "new") return { form: "new", type: value.type, literal: null };
  if (value.kind === "literal" && value.type && value.elements.length === 0) return { form: "literal", type: value.type, literal: value };
  return null;
}

/** Locals defined by `var x T`, `new(T)` or a keyed literal: the only values this half can know nil. */
function freshVars(fn: IrFunction): Set<number> {
  const out = new Set<number>();
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "assign" || !x.define || x.targets.length !== 1) continue;
      const t = x.targets[0];
      if (!t || t.root.kind !== "var" || t.selectors.length > 0 || fn.vars[t.root.var]?.kind !== "local") continue;
      const v = x.value;
      if (v.kind === "zero" || v.kind === "new" || (v.kind === "literal" && v.type !== null) || (v.kind === "nil" && fn.vars[t.root.var]?.type)) out.add(t.root.var);
    }
  return out;
}

function laterInSpec(fn: IrFunction, assign: Extract<Instr, { op: "assign" }>): boolean {
  for (const b of fn.blocks)
    for (const x of b.instrs) if (x.op === "assign" && x.stmt.line === assign.stmt.line && x.stmt.column === assign.stmt.column) return x !== assign;
  return false;
}

function assignsByOffset(fn: IrFunction): Map<number, Extract<Instr, { op: "assign" }>> {
  const out = new Map<number, Extract<Instr, { op: "assign" }>>();
  for (const b of fn.blocks) for (const x of b.instrs) if (x.op === "assign") out.set(x.at, x);
  return out;
}
