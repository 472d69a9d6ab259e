// The cross-function nil-map query the nil rules share: every map write
// whose map flow nil-ness (with the callees' nil summaries plugged in) finds
// nil or maybe nil, and every call that hands a callee a nil map the callee
// writes unchecked (a summary violation). Computed once per package from the
// nil summaries, which already ran each function's flow once: the query
// itself only filters, in time linear in what the summaries hold.
//
// Precision filters, each for a pattern where the flow's "maybe" is not a
// real path to a panic:
// - a nil that comes with an error (`return nil, err`): Go's convention is
//   that results are not used when the error is not nil;
// - a write whose struct the function checks first through another of its
//   fields (`if x.Node == nil { return }` before `x.Tasks[k] = v`): the
//   author treats the zero value, and a summary cannot tell the fields apart;
// - a write to `x.Inner.F` when the function also assigns `x.F`: an embedded
//   struct's promoted field under two names, which flow nil-ness keeps apart;
// - a maybe-nil where some path leaves the map unknown rather than made
//   (a call through a function value, another package's function): the nil
//   path may be one no caller takes, and mapguard stays silent rather than guess;
// - a maybe-nil made in this function (a declaration, `= nil`, a literal,
//   a nil check) whose write (or call) sits in an arm of a condition about
//   something else (`if gatherInfo { m[k] = v }`, a switch case): the
//   condition is most often the one that made the map (correlated branches
//   flow nil-ness cannot relate), so it says nothing sure;
// - a map written through a pointer after an `*p == nil` check the IR keeps
//   opaque (lazy init of a named map type through its pointer receiver);
// - a maybe-nil made here, written in a range over a collection whose
//   length a condition tests (`if len(keys) > 0 { m = make(...) }` then
//   `for k := range keys { m[k] = ... }`): the loop runs only when it was made;
// - a map whose method value the function takes (`init := m.Init`): with a
//   pointer receiver it holds `&m`, and whoever calls it may make the map;
// - anything in a test file (`_test.go`): tests build partial values on
//   purpose for the code under test, and a passing suite has already run
//   them; a nil write there fails a test, it takes no service down;
// - a maybe-nil whose every origin is dropped above (none left to name).
// (A write inside `for ... range m`, or after a successful `v, ok := m[k]`,
// is non-nil by flow nil-ness itself.)
import type { Cond, IrFunction, Path, Span } from "../../lower/ir.js";
import { cfgOf } from "../../flow/cfg.js";
import { backEdges } from "../../flow/loops.js";
import { commaOkMaps, type CommaOkMaps } from "../../flow/nil-refinements.js";
import { dominates, dominators, type DomTree } from "../../flow/dominators.js";
import { pathKey } from "../../flow/path-key.js";
import type { PackageFacts } from "../../package-facts.js";
import type { ChainHop, SummaryOrigin } from "../../summaries/nil/nil-summary-types.js";
import { topLevel } from "./map-var-events.js";
import { pathText } from "./path-text.js";

export interface FlowNilWrite {
  /** The function holding the write (direct) or the call (through). */
  fn: IrFunction;
  /** "direct": the function's own write; "call": a call whose callee (or its callee...) writes the map. */
  form: "direct" | "call";
  /** The map as the function names it: `m`, `s.labels`. */
  text: string;
  /** The path written (direct) or handed over (call), in `fn`'s terms; null when only its text is known. */
  path: Path | null;
  /** Whether the map is reached through a struct field (`s.labels`), which the field rule reports. */
  throughField: boolean;
  fact: "nil" | "maybe-nil";
  origins: readonly SummaryOrigin[];
  /** Where the finding goes: the write, or the call that leads to it. */
  stmt: Span;
  /** For "call": from the call down to the write (the last hop). */
  chain: readonly ChainHop[];
}

const cache = new WeakMap<object, FlowNilWrite[]>();

export function flowNilWrites(pkg: PackageFacts): FlowNilWrite[] {
  const summaries = pkg.nilSummaries();
  let out = cache.get(summaries);
  if (!out) cache.set(summaries, (out = collect(pkg)));
  return out;
}

function collect(pkg: PackageFacts): FlowNilWrite[] {
  const summaries = pkg.nilSummaries();
  const out: FlowNilWrite[] = [];
  for (const fn of pkg.ir.functions) {
    const writes = summaries.nilWrites(fn.id);
    const violations = summaries.violations(fn.id);
    if (writes.length === 0 && violations.length === 0) continue;
    if (fn.broken || fn.name.startsWith("<vars>") || fn.path.endsWith("_test.go") || topLevel(pkg.ir, fn).gotos) continue;
    // A write that an earlier write of the same map always precedes is never reached with the map nil: the earlier one panics first.
    const written = new Map<string, number[]>();
    let dom: DomTree | undefined;
    for (const w of [...writes].sort((a, b) => a.stmt.line - b.stmt.line || a.stmt.column - b.stmt.column)) {
      const key = pathKey(w.path);
      const earlier = written.get(key) ?? [];
      dom ??= dominators(cfgOf(fn));
      const tree = dom;
      if (earlier.some((b) => dominates(tree, b, w.block))) continue;
      written.set(key, [...earlier, w.block]);
      if (w.path.selectors.some((s) => s.kind === "index") || (w.fact === "maybe-nil" && w.unsure)) continue;
      if (siblingGuarded(fn, w.block, w.path) || promotedAlias(fn, w.path) || opaqueNilChecked(fn, w.path) || promoted(pkg, fn, w.path)) continue;
      if (methodValueOf(pkg, fn, w.path)) continue;
      const origins = meaningful(w.origins);
      if (origins.length === 0) continue;
      if (w.fact === "maybe-nil" && madeHere(origins) && (underOtherCondition(fn, w.block, w.path, origins) || inRangeOverLenChecked(fn, w.block))) continue;
      out.push({
        fn,
        form: "direct",
        text: pathText(fn, w.path),
        path: w.path,
        throughField: w.path.selectors.some((s) => s.kind === "field"),
        fact: w.fact,
        origins,
        stmt: w.stmt,
        chain: [],
      });
    }
    for (const v of violations) {
      const origins = meaningful(v.origins);
      if (origins.length === 0 || (v.fact === "maybe-nil" && v.unsure) || v.chain.length < 2 || v.path.includes("[]") || writerGuarded(pkg, v.chain[v.chain.length - 1])) continue;
      if (v.fact === "maybe-nil" && madeHere(origins)) {
        const block = blockOfCall(fn, v.chain[0].span);
        if (block === null || underOtherCondition(fn, block, null, origins)) continue;
      }
      const fields = v.path.split(".");
      // The caller's path must name a map of the caller's types, reached without an embedded pointer (`a.long` for `a.flagGroup.long`).
      const callerPath = pathOf(fn, fields);
      if (!callerPath || !pkg.semantic.isMapType(pkg.semantic.typeOf(fn, callerPath)) || promoted(pkg, fn, callerPath)) continue;
      out.push({
        fn,
        form: "call",
        text: fields.join("."),
        path: null,
        throughField: fields.length > 1,
        fact: v.fact,
        origins,
        stmt: v.chain[0].span,
        chain: v.chain,
      });
    }
  }
  return out;
}

/**
 * Origins a message can name, without those that come with an error
 * (`return nil, err`), and without callee origins whose own origins all do.
 */
function meaningful(origins: readonly SummaryOrigin[]): SummaryOrigin[] {
  return origins.filter(function keep(o: SummaryOrigin): boolean {
    if (o.withError) return false;
    if (o.kind !== "callee" || !o.callee) return true;
    const inner = o.callee.origins;
    return inner.length === 0 || inner.some(keep);
  });
}

/** The write a chain ends in, in its function: guarded there by a check of a sibling field. */
function writerGuarded(pkg: PackageFacts, last: ChainHop): boolean {
  const fn = pkg.ir.functions[last.fn];
  if (!fn) return false;
  for (let block = 0; block < fn.blocks.length; block++)
    for (const x of fn.blocks[block].instrs) {
      if (x.op !== "access" || x.kind !== "write" || x.stmt.line !== last.span.line || x.stmt.column !== last.span.column) continue;
      if (siblingGuarded(fn, block, x.path) || promotedAlias(fn, x.path) || opaqueNilChecked(fn, x.path) || promoted(pkg, fn, x.path)) return true;
    }
  return false;
}

/** `n.Labels` as a path of the function's variables (or package variables); null when the root is neither. */
function pathOf(fn: IrFunction, fields: readonly string[]): Path | null {
  const [root, ...rest] = fields;
  const v = fn.vars.find((x) => x.name === root);
  const selectors = rest.map((name) => ({ kind: "field" as const, name }));
  return v ? { root: { kind: "var", var: v.id }, selectors } : root ? { root: { kind: "package", name: root }, selectors } : null;
}

/** Every origin lies in the function itself: no callee's return, no decode. */
function madeHere(origins: readonly SummaryOrigin[]): boolean {
  return origins.every((o) => o.kind !== "callee" && o.kind !== "decode");
}

function blockOfCall(fn: IrFunction, span: Span): number | null {
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
function underOtherCondition(fn: IrFunction, block: number, path: Path | null, origins: readonly SummaryOrigin[]): boolean {
  const cfg = cfgOf(fn);
  const dom = dominators(cfg);
  const heads = new Set(backEdges(cfg).map((e) => e.to));
  const stops = new Set<number>();
  fn.blocks.forEach((b, id) => {
    if (b.instrs.some((x) => origins.some((o) => o.file === fn.path && (sameStart(x.stmt, o.span) || sameStart(x.span, o.span))))) stops.add(id);
  });
  const own = path ? pathKey(path) : null;
  const okMaps = own ? commaOkMaps(fn) : undefined;
  let child = block;
  for (let guard = 0; guard < fn.blocks.length && !stops.has(child); guard++) {
    const parent = dom.idom[child];
    if (parent < 0 || parent === child) break;
    const t = fn.blocks[parent].term;
    const arm = (t.kind === "branch" && (t.then === child || t.else === child)) || (t.kind === "switch" && t.to.includes(child));
    // An arm (an if's body, a case) is entered only through its branch; the code after `if c { continue }` is no arm, whatever its way in.
    if (arm && ARM.test(fn.blocks[child].label) && cfg.preds[child].length === 1 && !heads.has(parent) && !(t.kind === "branch" && aboutMap(t.cond, own, okMaps))) return true;
    if (stops.has(parent)) break;
    child = parent;
  }
  return false;
}

/** The block lies in the body of a `for range xs` where some condition of the function tests `len(xs)`. */
function inRangeOverLenChecked(fn: IrFunction, block: number): boolean {
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

function aboutMap(cond: Cond, own: string | null, okMaps: CommaOkMaps | undefined): boolean {
  if (own === null) return false;
  if ((cond.kind === "nil" || cond.kind === "len") && pathKey(cond.path) === own) return true;
  if (cond.kind === "bool") {
    const map = okMaps?.get(pathKey(cond.path));
    return map !== undefined && pathKey(map) === own;
  }
  return false;
}

function sameStart(a: Span, b: Span): boolean {
  return a.line === b.line && a.column === b.column;
}

/** The function takes a method value of the map's root variable (`init := m.Init`, `call(m.Init)`). */
function methodValueOf(pkg: PackageFacts, fn: IrFunction, path: Path): boolean {
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
function opaqueNilChecked(fn: IrFunction, path: Path): boolean {
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
function siblingGuarded(fn: IrFunction, block: number, path: Path): boolean {
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
function promoted(pkg: PackageFacts, fn: IrFunction, path: Path): boolean {
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

/** `x.Inner.F` written while the function assigns `x.F` (or the other way round): one promoted field, two paths. */
function promotedAlias(fn: IrFunction, path: Path): boolean {
  const last = path.selectors[path.selectors.length - 1];
  if (last?.kind !== "field") return false;
  const own = pathKey(path);
  const root = pathKey({ root: path.root, selectors: [] });
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "assign") continue;
      for (const t of x.targets) {
        const end = t?.selectors[t.selectors.length - 1];
        if (!t || end?.kind !== "field" || end.name !== last.name || pathKey(t) === own) continue;
        if (pathKey({ root: t.root, selectors: [] }) === root) return true;
      }
    }
  return false;
}
