// The checks a nil-map write may sit behind, as the registered nil rules
// read them: a condition that mentions the map and encloses the write
// (`if len(m) > 0 { m[k] = v }`, `if m != nil {...}`), and any comparison of
// the map with nil earlier in the same function (`if m == nil { return }`).
import type { PackageIr } from "../../../lower/ir.js";
import type { ControlFacts } from "./control-facts.js";
import { keyOfRoot, topLevel, type VarEvent, type VarKey } from "./map-var-events.js";

/** A branch whose condition mentions the variable, with the write inside one of its arms. */
export function guardedWrite(ir: PackageIr, control: ControlFacts, key: VarKey, name: string, write: VarEvent): boolean {
  const fn = write.fn;
  const word = new RegExp(`(?<![\\p{L}\\p{N}_.])${name}(?![\\p{L}\\p{N}_])`, "u");
  for (const block of fn.blocks) {
    const t = block.term;
    if (t.kind !== "branch") continue;
    const c = t.cond;
    const mentions = c.kind === "opaque" ? word.test(c.text) : c.path.selectors.length === 0 && keyOfRoot(ir, fn, c.path) === key;
    if (!mentions) continue;
    for (const arm of [t.then, t.else]) {
      const label = fn.blocks[arm]?.label ?? "";
      if (label.endsWith(".done") || arm === block.id) continue;
      if (control.blockDominates(fn, arm, write.block)) return true;
    }
  }
  return false;
}

/** `m == nil` or `m != nil` anywhere before the write in the same function (its closures included). */
export function nilCompareBefore(ir: PackageIr, list: readonly VarEvent[], write: VarEvent): boolean {
  const top = topLevel(ir, write.fn);
  return list.some((e) => e.kind === "nil-compare" && e.order < write.order && topLevel(ir, e.fn) === top);
}
