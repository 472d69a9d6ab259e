// Map writes that surely meet a nil map made in the same function: a local
// built by `var x T`, `new(T)` or a literal omitting the map field (or a
// `var h http.Header`), still nil on every path to the write by the flow
// nil-ness over the CFG (a call handed the value, `&x`, an assignment, a
// nil check or a closure assigning it all end the certainty).
import { closureAssignedVars } from "../../flow/closure-writes.js";
import { nilness } from "../../flow/nilness.js";
import { pathKey } from "../../flow/path-key.js";
import type { Instr, IrFunction, PackageIr, Path, TypeRef, Value } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { canonicalPaths } from "../../summaries/nil/canonical-paths.js";
import { fieldOf, isLibraryMap, LIBRARY_READ_METHODS, type MapWrite, mapWritesOf } from "./nil-map-writes.js";
import { conditionMentions } from "./condition-guards.js";
import { capturedVars, usesWhole, valueTouched } from "./value-touches.js";

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
    // A promoted field is one path under its short and its full name (`node.Meta = ...` makes `node.Annotations`).
    const canonical = canonicalPaths(semantic, fn) ?? undefined;
    const selected = canonical ? new Set(writes.map((w) => pathKey(canonical(w.path)))) : keys;
    const select = (p: Path): boolean => selected.has(pathKey(p));
    const facts = nilness(fn, { track: writes.map((w) => w.path), select, clobberedByCalls: clobbered.get(fn.id), canonical });
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
      // `var a, b http.Header`: the rule before the semantic layer follows the first name of such a declaration only.
      if (field === null && laterInSpec(fn, assign)) continue;
      const declaredType = fn.vars[target.root.var]?.type ?? null;
      const shape = shapeOf(assign.value, field, declaredType);
      if (!shape) continue;
      out.push({ fn, write, base: fn.vars[target.root.var]!.name, field, made: assign, ...shape });
    }
  }
  out.push(...capturedLibraryWrites(ir, semantic));
  return out;
}

/**
 * A nil library map variable (`var h http.Header`) that closures capture:
 * a closure may run at any time, so the rule before the semantic layer takes it as surely
 * nil only when nothing — in the declaring function or any closure sharing
 * the variable — does more than read it (`h.Get`, `len(h)`, `h[k]`) or write
 * to it through `Set`/`Add`/an index; the first such write is reported.
 */
function capturedLibraryWrites(ir: PackageIr, semantic: SemanticModel): FreshNilWrite[] {
  // (declaring function, var) -> the functions sharing it, each with its Var.
  const families = new Map<string, { fn: IrFunction; var: number }[]>();
  for (const fn of ir.functions)
    for (const v of fn.vars) {
      if (v.kind !== "captured") continue;
      const origin = originOf(ir, fn, v.id);
      if (!origin) continue;
      const key = `${origin.fn.id}:${origin.var}`;
      let family = families.get(key);
      if (!family) families.set(key, (family = [origin]));
      family.push({ fn, var: v.id });
    }
  const out: FreshNilWrite[] = [];
  for (const family of families.values()) {
    const origin = family[0]!;
    const declared = origin.fn.vars[origin.var];
    if (origin.fn.broken || declared?.kind !== "local") continue;
    const defines = origin.fn.blocks.flatMap((b) => b.instrs).filter((x): x is Extract<Instr, { op: "assign" }> => x.op === "assign" && x.targets.some((t) => t !== null && isWhole(t, origin.var)));
    const made = defines[0];
    if (defines.length !== 1 || !made?.define || made.targets.length !== 1 || laterInSpec(origin.fn, made)) continue;
    const shape = shapeOf(made.value, null, declared.type);
    if (!shape || !isLibraryMap(semantic, origin.fn, { root: { kind: "var", var: origin.var }, selectors: [] })) continue;
    const writes: { fn: IrFunction; write: MapWrite }[] = [];
    let touched = false;
    for (const { fn, var: v } of family) {
      if (fn.broken || conditionMentions(fn, { kind: "var", var: v })) touched = true;
      const own = mapWritesOf(fn, semantic).filter((w) => isWhole(w.path, v));
      for (const w of own) writes.push({ fn, write: w });
      for (const b of fn.blocks)
        for (const x of b.instrs) {
          if (x === made || own.some((w) => w.instr === x)) continue;
          if (usesWhole(x, v, LIBRARY_READ_METHODS) || (x.op === "access" && (x.kind === "delete" || x.kind === "clear") && isWhole(x.path, v))) touched = true;
        }
      if (touched) break;
    }
    if (touched || writes.length === 0) continue;
    const first = writes.reduce((a, b) => (b.write.instr.at < a.write.instr.at ? b : a));
    out.push({ fn: first.fn, write: first.write, base: declared.name, field: null, made, ...shape });
  }
  return out;
}

function isWhole(path: Path, v: number): boolean {
  return path.root.kind === "var" && path.root.var === v && path.selectors.length === 0;
}

/** The declaring function and var a captured var stands for, through closures nested at any depth. */
function originOf(ir: PackageIr, fn: IrFunction, v: number): { fn: IrFunction; var: number } | null {
  let at = { fn, var: v };
  for (let depth = 0; depth < 64; depth++) {
    const outer = at.fn.vars[at.var]?.outer;
    if (!outer) return at.fn.vars[at.var]?.kind === "captured" ? null : at;
    const next = ir.functions[outer.fn];
    if (!next) return null;
    at = { fn: next, var: outer.var };
  }
  return null;
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
