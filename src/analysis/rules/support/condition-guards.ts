// Whether a write sits under a condition that mentions the map field it
// writes (`if !c.seen[k] { c.seen[k] = true }`, `for len(c.m) < n {...}`):
// the rule before the semantic layer takes any such mention as a sign that the code knows
// about the field and stays silent. The guarded region of a branch is what
// it dominates up to its immediate post-dominator (the join).
import { cfgOf } from "../../flow/cfg.js";
import { dominates, dominators, type DomTree, postDominators } from "../../flow/dominators.js";
import type { Instr, IrFunction, Path, Span } from "../../lower/ir.js";

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

function rootIs(path: Path, root: Path["root"]): boolean {
  const r = path.root;
  return r.kind === root.kind && (r.kind === "var" ? root.kind === "var" && r.var === root.var : r.kind === "package" && root.kind === "package" && r.name === root.name);
}

function instrMentions(x: Instr, root: Path["root"]): boolean {
  if (x.op === "access") return rootIs(x.path, root);
  if (x.op === "call")
    return (
      (x.call.callee.kind === "method" && rootIs(x.call.callee.recv, root)) || x.call.args.some((a) => (a.kind === "path" || a.kind === "addr") && rootIs(a.path, root))
    );
  if (x.op === "assign") return x.value.kind === "path" && rootIs(x.value.path, root);
  return false;
}

/**
 * Whether a condition (of an if, a for or a switch) before `write` mentions
 * anything under `root`: the rule before the semantic layer takes any such use of a library
 * map, or of the struct holding one, as something that may have made it.
 */
export function conditionMentionsBefore(fn: IrFunction, write: Instr, root: Path["root"]): boolean {
  return conditionMentions(fn, root, write);
}

/** Whether any condition of `fn` (before `before`, when given) mentions anything under `root`. */
export function conditionMentions(fn: IrFunction, root: Path["root"], before?: Instr): boolean {
  // Reads of plain fields (`req.Method`) leave no instruction: an opaque condition keeps its text.
  const name = root.kind === "var" ? fn.vars[root.var]?.name : root.kind === "package" ? root.name : undefined;
  const named = name ? new RegExp(`(?:^|[^.\\w])${name.replace(/[$]/g, "\\$")}\\b`) : null;
  for (const b of fn.blocks) {
    const term = b.term;
    if (term.kind !== "branch" && term.kind !== "switch") continue;
    const starts = !before || term.span.line < before.span.line || (term.span.line === before.span.line && term.span.column < before.span.column);
    if (!starts) continue;
    if (term.kind === "branch" && term.cond.kind !== "opaque" && rootIs(term.cond.path, root)) return true;
    if (term.kind === "branch" && term.cond.kind === "opaque" && named?.test(term.cond.text)) return true;
    if (b.instrs.some((x) => within(x.span, term.span) && instrMentions(x, root))) return true;
  }
  return false;
}
