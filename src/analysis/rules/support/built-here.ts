// A struct value made in the very function that uses it (`s := &Stats{}`,
// `var s Stats`, `s := new(Stats)`), or handed over by a method
// (`n := t.clone()`): nobody else is known to see it, so its maps are the
// function's own.
import { pathKey } from "../../flow/path-key.js";
import type { Instr, IrFunction, Path, TypeRef, Value } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";

export function builtHere(semantic: SemanticModel, fn: IrFunction, base: Path | null): boolean {
  if (!base || base.root.kind !== "var") return false;
  let at = fn;
  let id = base.root.var;
  for (let v = at.vars[id]; v?.outer && semantic.ir.functions[v.outer.fn]; v = at.vars[id]) {
    id = v.outer.var;
    at = semantic.ir.functions[v.outer.fn];
  }
  if (at.vars[id]?.kind !== "local") return false;
  const isVar = (t: Path | null): boolean => t !== null && t.root.kind === "var" && t.root.var === id && t.selectors.length === 0;
  for (const block of at.blocks) {
    for (const instr of block.instrs) {
      // A method's result (`nt := t.copy()`): the per-function model never knew such a local's struct
      // type and stays silent on it; a package function's result (`o := newObj()`) it did know.
      if (instr.op === "call" && instr.call.callee.kind === "method" && instr.results.some(isVar)) return true;
      if (instr.op !== "assign" || instr.targets.length !== 1) continue;
      if (isVar(instr.targets[0]) && constructsStruct(semantic, instr.value)) return true;
    }
  }
  return false;
}

function constructsStruct(semantic: SemanticModel, value: Value): boolean {
  switch (value.kind) {
    case "literal":
      return packageStruct(semantic, value.type);
    case "new":
    case "zero":
      return packageStruct(semantic, value.type);
    default:
      return false;
  }
}

function packageStruct(semantic: SemanticModel, t: TypeRef | null): boolean {
  if (t?.kind === "pointer") return packageStruct(semantic, t.elem);
  return t?.kind === "named" && t.pkg === null && semantic.structOf(t) !== null;
}

/**
 * The map itself was made earlier in the same function (`x.m = make(...)`,
 * `x.m = map[K]V{}`): until it is handed out, the function's own.
 */
export function mapMadeBefore(fn: IrFunction, map: Path, before: Instr): boolean {
  const key = pathKey(map);
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      if (instr.op !== "assign" || instr.at >= before.at || instr.targets.length !== 1 || !instr.targets[0]) continue;
      if ((instr.value.kind === "make" || instr.value.kind === "literal") && pathKey(instr.targets[0]) === key) return true;
    }
  }
  return false;
}
