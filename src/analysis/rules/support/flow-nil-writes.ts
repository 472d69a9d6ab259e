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
// - a maybe-nil where some path leaves the map unknown rather than made
//   (a call through a function value, another package's function): the nil
//   path may be one no caller takes, and mapguard stays silent rather than guess;
// - a maybe-nil made in this function (a declaration, `= nil`, a literal,
//   a nil check) whose write (or call) sits in an arm of a condition about
//   something else (`if gatherInfo { m[k] = v }`, a switch case): the
//   condition is most often the one that made the map (correlated branches
//   flow nil-ness cannot relate), so it says nothing sure — unless the nil
//   comes only from a nil check and the function never assigns the map
//   (nothing there made it, under any condition);
// - a map written through a pointer after an `*p == nil` check the IR keeps
//   opaque (lazy init of a named map type through its pointer receiver);
// - a maybe-nil made here, written in a range over a collection whose
//   length a condition tests (`if len(keys) > 0 { m = make(...) }` then
//   `for k := range keys { m[k] = ... }`): the loop runs only when it was made;
// - a maybe-nil field a callee makes only when a boolean field is set
//   (`if tx.writable { b.nodes = make(...) }`), where a function on the way
//   to the write tests a field of that name (correlated-flag.ts);
// - a map whose method value the function takes (`init := m.Init`): with a
//   pointer receiver it holds `&m`, and whoever calls it may make the map;
// - anything in a test file (`_test.go`): tests build partial values on
//   purpose for the code under test, and a passing suite has already run
//   them; a nil write there fails a test, it takes no service down;
// - a maybe-nil whose every origin is dropped above (none left to name).
// (A write inside `for ... range m`, or after a successful `v, ok := m[k]`,
// is non-nil by flow nil-ness itself.)
import type { IrFunction, Path, Span } from "../../lower/ir.js";
import { cfgOf } from "../../flow/cfg.js";
import { dominates, dominators, type DomTree } from "../../flow/dominators.js";
import { pathKey } from "../../flow/path-key.js";
import type { PackageFacts } from "../../package-facts.js";
import type { ChainHop, SummaryOrigin } from "../../summaries/nil/nil-summary-types.js";
import { correlatedFlag } from "./correlated-flag.js";
import { onlyLazilyMade } from "./lazily-made.js";
import { topLevel } from "./map-var-events.js";
import { pathText } from "./path-text.js";
import {
  blockOfCall,
  inRangeOverLenChecked,
  madeHere,
  methodValueOf,
  opaqueNilChecked,
  pathOf,
  promoted,
  siblingGuarded,
  underOtherCondition,
  writerGuarded,
} from "./flow-nil-guards.js";

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
    // Paths as the flow spells them: a promoted field is one map under its short and its full name.
    const canon = summaries.ctx.canonical(fn);
    const keyOf = (p: Path): string => pathKey(canon ? canon(p) : p);
    // A write that an earlier write of the same map always precedes is never reached with the map nil: the earlier one panics first.
    const written = new Map<string, number[]>();
    let dom: DomTree | undefined;
    for (const w of [...writes].sort((a, b) => a.stmt.line - b.stmt.line || a.stmt.column - b.stmt.column)) {
      const key = keyOf(w.path);
      const earlier = written.get(key) ?? [];
      dom ??= dominators(cfgOf(fn));
      const tree = dom;
      if (earlier.some((b) => dominates(tree, b, w.block))) continue;
      written.set(key, [...earlier, w.block]);
      if (w.path.selectors.some((s) => s.kind === "index") || (w.fact === "maybe-nil" && w.unsure)) continue;
      if (siblingGuarded(fn, w.block, w.path) || opaqueNilChecked(fn, w.path) || promoted(pkg, fn, w.path)) continue;
      if (methodValueOf(pkg, fn, w.path)) continue;
      const origins = meaningful(w.origins, w.fact);
      if (origins.length === 0) continue;
      if (
        w.fact === "maybe-nil" &&
        madeHere(origins) &&
        ((!onlyUnmadeCheck(fn, w.path, origins, keyOf) && !onlyLazilyMade(fn, w.block, w.path, keyOf) && underOtherCondition(fn, w.block, w.path, origins, keyOf)) ||
          inRangeOverLenChecked(fn, w.block))
      )
        continue;
      const field = w.path.selectors.at(-1);
      if (w.fact === "maybe-nil" && field?.kind === "field" && correlatedFlag(pkg.ir.functions, fn, field.name, origins, [])) continue;
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
      const origins = meaningful(v.origins, v.fact);
      if (origins.length === 0 || (v.fact === "maybe-nil" && v.unsure) || v.chain.length < 2 || v.path.includes("[]") || writerGuarded(pkg, v.chain[v.chain.length - 1])) continue;
      if (v.fact === "maybe-nil" && madeHere(origins)) {
        const block = blockOfCall(fn, v.chain[0].span);
        if (block === null || underOtherCondition(fn, block, null, origins)) continue;
      }
      const fields = v.path.split(".");
      if (v.fact === "maybe-nil" && fields.length > 1 && correlatedFlag(pkg.ir.functions, fn, fields[fields.length - 1], origins, v.chain)) continue;
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
 * The nil comes only from nil checks (`if s.m != nil { ... }` with no else) and the
 * function never assigns the map: no condition of the function can be the one that
 * made it, so a write under another condition is no correlated branch.
 */
function onlyUnmadeCheck(fn: IrFunction, path: Path, origins: readonly SummaryOrigin[], keyOf: (p: Path) => string): boolean {
  if (!origins.every((o) => o.kind === "branch")) return false;
  const key = keyOf(path);
  return !fn.blocks.some((b) => b.instrs.some((x) => x.op === "assign" && x.targets.some((t) => t !== null && keyOf(t) === key)));
}

/**
 * Origins a message can name, without those that come with an error
 * (`return nil, err`), and without callee origins whose own origins all do.
 * A map nil on every path keeps them all: every way to the write passed a
 * call that failed (`n, err := c.Update(n); if err != nil { n.Labels[k] = v }`).
 */
function meaningful(origins: readonly SummaryOrigin[], fact: "nil" | "maybe-nil"): SummaryOrigin[] {
  if (fact === "nil") return [...origins];
  return origins.filter(function keep(o: SummaryOrigin): boolean {
    if (o.withError) return false;
    if (o.kind !== "callee" || !o.callee) return true;
    const inner = o.callee.origins;
    return inner.length === 0 || inner.some(keep);
  });
}
