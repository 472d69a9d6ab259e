// Where flow nil-ness says "nil" or "maybe nil" at a map write but the code
// around it says otherwise: the guards flow-nil-writes.ts applies to each
// write (and to the write a call chain ends in) before it becomes a finding.
// Each answers from one function's IR (and, for types, the semantic model).
import { cfgOf } from "../../flow/cfg.js";
import { dominates, dominators, type DomTree } from "../../flow/dominators.js";
import { backEdges } from "../../flow/loops.js";
import { commaOkMaps, type CommaOkMaps } from "../../flow/nil-refinements.js";
import { pathKey } from "../../flow/path-key.js";
import type { Cond, IrFunction, Path, Span } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { ChainHop, SummaryOrigin } from "../../summaries/nil/nil-summary-types.js";
import { pathText } from "./path-text.js";

/** The write a chain ends in, in its function: guarded there by a check of a sibling field. */
export function writerGuarded(pkg: PackageFacts, last: ChainHop): boolean {
  const fn = pkg.ir.functions[last.fn];
  if (!fn) return false;
  for (let block = 0; block < fn.blocks.length; block++)
    for (const x of fn.blocks[block].instrs) {
      if (x.op !== "access" || x.kind !== "write" || x.stmt.line !== last.span.line || x.stmt.column !== last.span.column) continue;
      if (siblingGuarded(fn, block, x.path) || opaqueNilChecked(fn, x.path) || promoted(pkg, fn, x.path)) return true;
    }
  return false;
}

/** `n.Labels` as a path of the function's variables (or package variables); null when the root is neither. */
export function pathOf(fn: IrFunction, fields: readonly string[]): Path | null {
  const [root, ...rest] = fields;
  const v = fn.vars.find((x) => x.name === root);
  const selectors = rest.map((name) => ({ kind: "field" as const, name }));
  return v ? { root: { kind: "var", var: v.id }, selectors } : root ? { root: { kind: "package", name: root }, selectors } : null;
}

/** Every origin lies in the function itself: no callee's return, no decode. */
export function madeHere(origins: readonly SummaryOrigin[]): boolean {
  return origins.every((o) => o.kind !== "callee" && o.kind !== "decode" && o.kind !== "stored");
}

export function blockOfCall(fn: IrFunction, span: Span): number | null {
  for (let b = 0; b < fn.blocks.length; b++)
    for (const x of fn.blocks[b].instrs) if ((x.op === "call" || x.op === "go" || x.op === "defer") && x.stmt.line === span.line && x.stmt.column === span.column) return b;
  return null;
}

/**
 * Whether, between the origins and the site (up the dominator tree from
 * the site's block to the block of an origin, or the entry), the site lies
 * in an arm of a branch or switch that is no loop's head and whose
 * condition is not about the map itself (`m == nil`, `len(m)`, a comma-ok
 * lookup in m).
 */
export function underOtherCondition(
  fn: IrFunction,
  block: number,
  path: Path | null,
  origins: readonly SummaryOrigin[],
  keyOf: (p: Path) => string = pathKey,
): boolean {
  const cfg = cfgOf(fn);
  const dom = dominators(cfg);
  const heads = new Set(backEdges(cfg).map((e) => e.to));
  const stops = new Set<number>();
  fn.blocks.forEach((b, id) => {
    if (b.instrs.some((x) => origins.some((o) => o.file === fn.path && (sameStart(x.stmt, o.span) || sameStart(x.span, o.span))))) stops.add(id);
  });
  const own = path ? keyOf(path) : null;
  const okMaps = own ? commaOkMaps(fn) : undefined;
  let child = block;
  for (let guard = 0; guard < fn.blocks.length && !stops.has(child); guard++) {
    const parent = dom.idom[child];
    if (parent < 0 || parent === child) break;
    const t = fn.blocks[parent].term;
    const arm = (t.kind === "branch" && (t.then === child || t.else === child)) || (t.kind === "switch" && t.to.includes(child));
    // An arm (an if's body, a case) is entered only through its branch; the code after `if c { continue }` is no arm, whatever its way in.
    if (arm && ARM.test(fn.blocks[child].label) && cfg.preds[child].length === 1 && !heads.has(parent) && !(t.kind === "branch" && aboutMap(t.cond, own, okMaps, keyOf)))
      return true;
    if (stops.has(parent)) break;
    child = parent;
  }
  return false;
}

/** The block lies in the body of a `for range xs` where some condition of the function tests `len(xs)`. */
export function inRangeOverLenChecked(fn: IrFunction, block: number): boolean {
  const tested = new Set<string>();
  for (const b of fn.blocks) if (b.term.kind === "branch" && b.term.cond.kind === "len") tested.add(pathKey(b.term.cond.path));
  if (tested.size === 0) return false;
  for (const b of fn.blocks) {
    const last = b.instrs[b.instrs.length - 1];
    if (last?.op !== "access" || last.kind !== "range" || !tested.has(pathKey(last.path)) || b.term.kind !== "jump") continue;
    const head = fn.blocks[b.term.to];
    if (head?.term.kind !== "switch" || head.term.to.length !== 2) continue;
    const [body, done] = head.term.to;
    const seen = new Set<number>([body]);
    const stack = [body];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (id === block) return true;
      const t = fn.blocks[id]?.term;
      const next = !t ? [] : t.kind === "jump" ? [t.to] : t.kind === "branch" ? [t.then, t.else] : t.kind === "switch" ? t.to : [];
      for (const n of next) if (n !== head.id && n !== done && !seen.has(n)) stack.push(n), seen.add(n);
    }
  }
  return false;
}

const ARM = /\.(then|else|case|default)$/;

function aboutMap(cond: Cond, own: string | null, okMaps: CommaOkMaps | undefined, keyOf: (p: Path) => string): boolean {
  if (own === null) return false;
  if ((cond.kind === "nil" || cond.kind === "len") && keyOf(cond.path) === own) return true;
  if (cond.kind === "bool") {
    const map = okMaps?.get(pathKey(cond.path));
    return map !== undefined && keyOf(map) === own;
  }
  return false;
}

function sameStart(a: Span, b: Span): boolean {
  return a.line === b.line && a.column === b.column;
}

/** The function takes a method value of the map's root variable (`init := m.Init`, `call(m.Init)`). */
export function methodValueOf(pkg: PackageFacts, fn: IrFunction, path: Path): boolean {
  if (path.root.kind !== "var") return false;
  const root = path.root.var;
  const type = pkg.semantic.typeOf(fn, { root: path.root, selectors: [] });
  const isMethod = (name: string): boolean => type !== null && pkg.semantic.member(type, name)?.kind === "method";
  const found = (v: unknown): boolean => {
    if (!v || typeof v !== "object") return false;
    const o = v as { kind?: string; path?: Path; callee?: { kind?: string; recv?: Path } };
    if (o.kind === "func" && o.callee?.kind === "method" && o.callee.recv?.root.kind === "var" && o.callee.recv.root.var === root) return true;
    const p = o.kind === "path" ? o.path : undefined;
    if (p?.root.kind === "var" && p.root.var === root && p.selectors.length === 1 && p.selectors[0].kind === "field" && isMethod(p.selectors[0].name)) return true;
    return Object.values(o).some((x) => typeof x === "object" && found(x));
  };
  return fn.blocks.some((b) => b.instrs.some((x) => (x.op === "assign" && found(x.value)) || ((x.op === "call" || x.op === "go" || x.op === "defer") && x.call.args.some(found))));
}

/** `(*s)[k] = v` after an `*s == nil` check that the IR keeps as opaque text. */
export function opaqueNilChecked(fn: IrFunction, path: Path): boolean {
  if (!path.selectors.some((s) => s.kind === "deref")) return false;
  const text = pathText(fn, path).replace(/[()\s]/g, "");
  return fn.blocks.some((b) => {
    const t = b.term;
    if (t.kind !== "branch" || t.cond.kind !== "opaque") return false;
    const m = /^(.*?)(==|!=)nil$/.exec(t.cond.text.replace(/[()\s]/g, ""));
    return m !== null && m[1] === text;
  });
}

/** Whether the write's block lies where a branch found another field of the written map's struct non-nil. */
export function siblingGuarded(fn: IrFunction, block: number, path: Path): boolean {
  const fields = path.selectors;
  if (fields.length === 0 || fields[fields.length - 1].kind !== "field") return false;
  const base = pathKey({ root: path.root, selectors: fields.slice(0, -1) });
  const own = pathKey(path);
  let dom: DomTree | undefined;
  for (const b of fn.blocks) {
    const t = b.term;
    if (t.kind !== "branch" || t.cond.kind !== "nil" || t.cond.path.truncated) continue;
    const q = t.cond.path;
    if (q.selectors.length === 0 || pathKey(q) === own || pathKey({ root: q.root, selectors: q.selectors.slice(0, -1) }) !== base) continue;
    dom ??= dominators(cfgOf(fn));
    if (dominates(dom, t.cond.negated ? t.then : t.else, block)) return true;
  }
  return false;
}

/**
 * A promoted field written by its short name through an embedded pointer
 * (`t.tmpl` for `t.common.tmpl`, `common` a `*common`): what makes it is
 * said of the embedded struct as a whole (`t.common = c` with `c.tmpl`
 * made), which flow nil-ness keeps apart from the short name. (Embedded by
 * value, the zero struct's map is nil under both names.)
 */
export function promoted(pkg: PackageFacts, fn: IrFunction, path: Path): boolean {
  const last = path.selectors[path.selectors.length - 1];
  if (last?.kind !== "field") return false;
  let type = pkg.semantic.typeOf(fn, { root: path.root, selectors: path.selectors.slice(0, -1) });
  const member = type ? pkg.semantic.member(type, last.name) : null;
  if (!type || member?.kind !== "field") return false;
  for (const name of member.via) {
    const hop = pkg.semantic.member(type, name);
    if (hop?.kind !== "field") return true;
    if (hop.type.kind === "pointer") return true;
    type = hop.type;
  }
  return false;
}
