// What one instruction does to maps by itself: an access on a map-typed
// path, or an assignment that replaces a map variable (`c.items = make(...)`,
// `m = nil`, `c.items = load()`). Accesses on slices, strings and paths of
// unknown type are not map accesses; `:=` and `var` bring a new variable to
// life and replace nothing another goroutine could be reading.
import type { Instr, IrFunction, Path } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import type { SummaryAccessKind } from "./summary-types.js";

export interface DirectEffect {
  kind: SummaryAccessKind;
  path: Path;
}

export function directEffects(semantic: SemanticModel, fn: IrFunction, instr: Instr): DirectEffect[] {
  const isMap = (p: Path): boolean => semantic.isMapType(semantic.typeOf(fn, p));
  switch (instr.op) {
    case "access":
      return isMap(instr.path) ? [{ kind: instr.kind, path: semantic.normalizePath(fn, instr.path) }] : [];
    case "assign":
      return instr.define ? [] : replaced(semantic, fn, instr.targets, isMap);
    // A call or receive writes its result straight into the variable, with no sign of `:=`; a plain local
    // there is almost always being declared, so only fields, package variables and the like count.
    case "call":
      return replaced(semantic, fn, instr.results.filter((t) => !isPlainLocal(fn, t)), isMap);
    case "recv":
      return replaced(semantic, fn, instr.targets.slice(0, 1).filter((t) => !isPlainLocal(fn, t)), isMap);
    default:
      return [];
  }
}

function replaced(semantic: SemanticModel, fn: IrFunction, targets: readonly (Path | null)[], isMap: (p: Path) => boolean): DirectEffect[] {
  const out: DirectEffect[] = [];
  for (const t of targets) {
    if (!t || isTemp(fn, t)) continue;
    // `m[k] = v` is already the access instruction's write; its target is the element, not the map variable.
    if (t.selectors[t.selectors.length - 1]?.kind === "index") continue;
    if (isMap(t)) out.push({ kind: "replace", path: semantic.normalizePath(fn, t) });
  }
  return out;
}

function isPlainLocal(fn: IrFunction, p: Path | null): boolean {
  if (!p || p.root.kind !== "var" || p.selectors.length > 0) return false;
  const kind = fn.vars[p.root.var]?.kind;
  return kind === "local" || kind === "temp";
}

function isTemp(fn: IrFunction, p: Path): boolean {
  return p.root.kind === "var" && p.selectors.length === 0 && fn.vars[p.root.var]?.kind === "temp";
}
