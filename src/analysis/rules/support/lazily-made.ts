// A map the function makes only lazily, each time it needs it:
//
//   node := &Node{...}                      // Annotations left nil
//   if attach {
//     if node.Annotations == nil { node.Annotations = make(...) }
//     node.Annotations[a] = "true"
//   }
//   if external {
//     node.Annotations[b] = ip              // nil unless attach was set
//   }
//
// A maybe-nil write under a condition about something else is most often
// a correlated branch (the same condition made the map), which flow
// nil-ness cannot relate, so flow-nil-writes.ts stays silent there. Not
// here: nothing made the map but nil checks of the map itself, and no
// condition around any of them also guards the write, so no condition the
// write depends on can be the one that made it.
import { type Cfg, cfgOf } from "../../flow/cfg.js";
import { dominates, dominators, type DomTree } from "../../flow/dominators.js";
import type { Cond, IrFunction, Path } from "../../lower/ir.js";
import { pathText } from "./path-text.js";

/** `key`: the key of a path in the spelling the nil flow uses (a promoted field is one path under both names). */
export function onlyLazilyMade(fn: IrFunction, block: number, path: Path, key: (p: Path) => string): boolean {
  const own = key(path);
  const assigned = new Set<number>();
  fn.blocks.forEach((b, id) => {
    if (b.instrs.some((x) => x.op === "assign" && x.targets.some((t) => t !== null && !t.truncated && key(t) === own))) assigned.add(id);
  });
  if (assigned.size === 0) return false;
  const cfg = cfgOf(fn);
  const dom = dominators(cfg);
  // The arm of each nil check of the map where it is nil.
  const nilArms: number[] = [];
  for (const b of fn.blocks) {
    const t = b.term;
    if (t.kind === "branch" && t.cond.kind === "nil" && !t.cond.path.truncated && key(t.cond.path) === own) nilArms.push(t.cond.negated ? t.else : t.then);
  }
  for (const b of assigned) if (!nilArms.some((arm) => dominates(dom, arm, b))) return false;
  const around = conditionsAround(fn, cfg, dom, block, own, key);
  if (around === null) return false;
  for (const b of assigned) {
    const made = conditionsAround(fn, cfg, dom, b, own, key);
    if (made === null) return false;
    for (const s of made) if (around.has(s)) return false;
  }
  return true;
}

/**
 * What the branches whose arms hold `block` test (their subjects: paths and
 * names), leaving out the map's own nil checks; null when a switch case or
 * select arm holds it (its condition is not in the IR).
 */
function conditionsAround(fn: IrFunction, cfg: Cfg, dom: DomTree, block: number, own: string, key: (p: Path) => string): Set<string> | null {
  const out = new Set<string>();
  let child = block;
  for (let guard = 0; guard < fn.blocks.length; guard++) {
    const parent = dom.idom[child];
    if (parent < 0 || parent === child) break;
    const p = fn.blocks[parent];
    const t = p.term;
    // An arm (an if's body, a case) is entered only through its branch; the code after an if is no arm.
    const arm = ARM.test(fn.blocks[child].label) && cfg.preds[child].length === 1;
    if (!arm) {
      child = parent;
      continue;
    }
    if (t.kind === "branch" && (t.then === child || t.else === child)) {
      if (!(t.cond.kind === "nil" && !t.cond.path.truncated && key(t.cond.path) === own)) for (const s of subjects(fn, t.cond)) out.add(s);
    } else if (t.kind === "switch" && t.to.includes(child) && p.label !== "range.head") return null;
    child = parent;
  }
  return out;
}

const ARM = /\.(then|else|case|default)$/;

const NOT_SUBJECTS = new Set(["nil", "true", "false", "len", "cap"]);

function subjects(fn: IrFunction, cond: Cond): string[] {
  if (cond.kind !== "opaque") return [pathText(fn, cond.path)];
  return (cond.text.match(/[A-Za-z_][\w.]*/g) ?? []).filter((w) => !NOT_SUBJECTS.has(w));
}
