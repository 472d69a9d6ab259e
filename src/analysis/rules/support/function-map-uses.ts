// What a function and its literals do to maps at all, any map: whether
// anything changes one (a lock fix then needs the write lock), and whether
// a literal touches one (a goroutine started there would not run under a
// lock the method takes).
import type { Instr, IrFunction } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";

export interface MapUses {
  changes: boolean;
  inLiteral: boolean;
}

export function mapUsesOf(semantic: SemanticModel, family: readonly IrFunction[]): MapUses {
  let changes = false;
  let inLiteral = false;
  for (const fn of family) {
    for (const block of fn.blocks) {
      for (const instr of block.instrs) {
        const use = mapUse(semantic, fn, instr);
        if (use === null) continue;
        if (use) changes = true;
        if (fn.kind === "closure") inLiteral = true;
      }
    }
  }
  return { changes, inLiteral };
}

/** Null: no map use; true: a change (write, delete, clear, assignment of a map variable); false: another use. */
function mapUse(semantic: SemanticModel, fn: IrFunction, instr: Instr): boolean | null {
  if (instr.op === "access") {
    if (!semantic.isMapType(semantic.typeOf(fn, instr.path))) return null;
    return instr.kind === "write" || instr.kind === "delete" || instr.kind === "clear";
  }
  if (instr.op === "assign" && instr.targets.length === 1 && instr.targets[0]) {
    if (!semantic.isMapType(semantic.typeOf(fn, instr.targets[0]))) return null;
    return !instr.define;
  }
  return null;
}
