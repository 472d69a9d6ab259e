// Whether a write sits under a condition that mentions the map field it
// writes (`if !c.seen[k] { c.seen[k] = true }`, `for len(c.m) < n {...}`):
// the registered rule takes any such mention as a sign that the code knows
// about the field and stays silent. The guarded region of a branch is what
// it dominates up to its immediate post-dominator (the join).
import { cfgOf } from "../../../flow/cfg.js";
import { dominates, dominators, type DomTree, postDominators } from "../../../flow/dominators.js";
import type { Instr, IrFunction, Path, Span } from "../../../lower/ir.js";

const trees = new WeakMap<IrFunction, { dom: DomTree; pdom: DomTree }>();

function within(inner: Span, outer: Span): boolean {
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

function names(path: Path, field: string): boolean {
  return path.selectors.some((s) => s.kind === "field" && s.name === field);
}

function mentions(x: Instr, field: string): boolean {
  if (x.op === "access") return names(x.path, field);
  if (x.op === "call") return (x.call.callee.kind === "method" && names(x.call.callee.recv, field)) || x.call.args.some((a) => (a.kind === "path" || a.kind === "addr") && names(a.path, field));
  if (x.op === "assign") return x.value.kind === "path" && names(x.value.path, field);
  return false;
}

export function guardedByField(fn: IrFunction, write: Instr, field: string): boolean {
  const wb = fn.blocks.findIndex((b) => b.instrs.includes(write));
  if (wb < 0) return false;
  let t = trees.get(fn);
  for (let bi = 0; bi < fn.blocks.length; bi++) {
    const b = fn.blocks[bi]!;
    const term = b.term;
    if (bi === wb || (term.kind !== "branch" && term.kind !== "switch")) continue;
    const mentioned =
      (term.kind === "branch" && term.cond.kind !== "opaque" && names(term.cond.path, field)) ||
      b.instrs.some((x) => within(x.span, term.span) && mentions(x, field));
    if (!mentioned) continue;
    if (!t) {
      const cfg = cfgOf(fn);
      t = { dom: dominators(cfg), pdom: postDominators(cfg) };
      trees.set(fn, t);
    }
    if (!dominates(t.dom, bi, wb)) continue;
    const join = t.pdom.idom[bi]!;
    if (join < 0 || join >= fn.blocks.length || !dominates(t.dom, join, wb)) return true;
  }
  return false;
}
